using System.ClientModel;
using System.Text;
using System.Text.Json;
using ModelGate.Server.Tests.Infrastructure;
using OpenAI.Chat;

namespace ModelGate.Server.Tests.Conformance;

/// <summary>
/// The conformance suite: the official OpenAI .NET SDK drives the real gateway, whose only deployment is a
/// fake upstream speaking one provider's exact wire format. Subclassed once per provider API.
/// </summary>
public abstract class ProviderConformanceTests : IAsyncLifetime
{
    private const string Model = "conformance";
    private static readonly ConformanceUsage Usage = new(Input: 21, Output: 9, CachedInput: 4);

    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    protected abstract IProviderFake Fake { get; }

    /// <summary>Providers whose API cannot stream tool-call arguments in pieces turn this off.</summary>
    protected virtual bool StreamsToolArguments => true;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        gateway = await SingleProviderGateway.StartAsync(Fake.ProviderYaml(upstream.Root), Model, Fake.UpstreamModel);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    private ChatClient Client => gateway.ChatClient(Model);

    [Fact]
    public async Task Plain_completion_with_usage()
    {
        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "Hello from the provider", Usage);

        ChatCompletion completion = await Client.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Say hello")],
            new ChatCompletionOptions { Temperature = 0.25f, MaxOutputTokenCount = 300 });

        Assert.Equal("Hello from the provider", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(Usage.Input, completion.Usage.InputTokenCount);
        Assert.Equal(Usage.Output, completion.Usage.OutputTokenCount);
        Assert.Equal(Usage.Input + Usage.Output, completion.Usage.TotalTokenCount);
        Assert.Equal(Usage.CachedInput, completion.Usage.InputTokenDetails?.CachedTokenCount ?? 0);
        Fake.AssertTextRequest(upstream.LastRequest, "You are terse.", "Say hello", 0.25, 300);
    }

    [Fact]
    public async Task Streaming_text_with_usage()
    {
        upstream.Handler = (context, _) => Fake.WriteTextStreamAsync(context, ["Hel", "lo, ", "stream"], Usage);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client.CompleteChatStreamingAsync([new UserChatMessage("Stream please")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello, stream", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(Usage.Input + Usage.Output, usage?.TotalTokenCount);
        Fake.AssertStreamRequest(upstream.LastRequest);
    }

    [Fact]
    public async Task Tool_call_and_tool_result_round_trip()
    {
        upstream.Handler = (context, _) => Fake.WriteToolCallAsync(context, "call_weather_1", "get_weather", """{"city":"Paris"}""");
        var options = new ChatCompletionOptions { Tools = { WeatherTool() } };

        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("Weather in Paris?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());
        Fake.AssertToolSent(upstream.LastRequest, "get_weather");

        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "It is sunny.", Usage);
        ChatCompletion answer = await Client.CompleteChatAsync(
            [new UserChatMessage("Weather in Paris?"), new AssistantChatMessage(completion), new ToolChatMessage(call.Id, "sunny, 21C")], options);

        Assert.Equal("It is sunny.", answer.Content[0].Text);
        Fake.AssertToolResultSent(upstream.LastRequest, call.Id, "sunny, 21C");
    }

    [Fact]
    public async Task Streamed_tool_call_is_reassembled()
    {
        var pieces = StreamsToolArguments ? new[] { "{\"ci", "ty\":\"Pa", "ris\"}" } : ["{\"city\":\"Paris\"}"];
        upstream.Handler = (context, _) => Fake.WriteToolCallStreamAsync(context, "call_weather_2", "get_weather", pieces);

        string? id = null, name = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Client.CompleteChatStreamingAsync([new UserChatMessage("Weather?")], new ChatCompletionOptions { Tools = { WeatherTool() } }))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                Assert.Equal(0, part.Index);
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal("get_weather", name);
        Assert.Equal("Paris", JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task Image_input_is_sent()
    {
        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "A red pixel.", Usage);
        var png = Convert.FromBase64String(OnePixelPng);

        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("What is this?"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(png), "image/png"))]);

        Assert.Equal("A red pixel.", completion.Content[0].Text);
        Fake.AssertImageSent(upstream.LastRequest, OnePixelPng);
    }

    [Fact]
    public async Task Json_schema_is_mapped_to_structured_output()
    {
        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, """{"answer":"42"}""", Usage);
        var schema = BinaryData.FromString("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");

        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("Answer in JSON")],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("answer", schema, jsonSchemaIsStrict: true) });

        Assert.Equal("42", JsonDocument.Parse(completion.Content[0].Text).RootElement.GetProperty("answer").GetString());
        Fake.AssertJsonSchemaSent(upstream.LastRequest, "answer");
    }

    [Fact]
    public async Task Provider_rate_limit_is_a_429()
    {
        upstream.Handler = (context, _) => Fake.WriteRateLimitAsync(context, "slow down please");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("x")]));

        Assert.Equal(429, error.Status);
        Assert.Contains("slow down please", error.Message);
    }

    [Fact]
    public async Task Provider_bad_request_is_a_400_with_its_message()
    {
        upstream.Handler = (context, _) => Fake.WriteBadRequestAsync(context, "this request is malformed");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("x")]));

        Assert.Equal(400, error.Status);
        Assert.Contains("this request is malformed", error.Message);
    }

    private static ChatTool WeatherTool() => ChatTool.CreateFunctionTool("get_weather", "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    /// <summary>A 1×1 red PNG.</summary>
    public const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
}
