using System.ClientModel;
using System.Text;
using System.Text.Json;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Conformance.OpenAi;
using OpenAI.Responses;

namespace ModelGate.Server.Tests.Responses;

#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental

/// <summary>
/// The official OpenAI .NET SDK's Responses client drives the gateway, whose only deployment is a fake upstream in
/// one provider's wire format: the Responses API works the same whatever the provider speaks.
/// </summary>
public abstract class ResponsesSdkTests : IAsyncLifetime
{
    private static readonly ConformanceUsage Usage = new(Input: 21, Output: 9, CachedInput: 4);

    private ResponsesGateway gateway = null!;

    protected abstract IProviderFake Fake { get; }

    /// <summary>Gemini's API has no call ids: the gateway makes them up, so the provider's id is not the one the client sees.</summary>
    protected virtual bool KeepsCallIds => true;

    public async Task InitializeAsync() => gateway = await ResponsesGateway.StartAsync(Fake);

    public Task DisposeAsync() => gateway.DisposeAsync().AsTask();

    private ResponsesClient Client => gateway.Client();


    [Fact]
    public async Task Plain_text_with_instructions_and_usage()
    {
        gateway.Upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "Hello from the provider", Usage);
        var options = new CreateResponseOptions(ResponsesGateway.Model, [ResponseItem.CreateUserMessageItem("Say hello")])
        {
            Instructions = "You are terse.",
            Temperature = 0.25f,
            MaxOutputTokenCount = 300,
        };

        ResponseResult response = await Client.CreateResponseAsync(options);

        Assert.Equal("Hello from the provider", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id);
        Assert.Equal(Usage.Input, response.Usage.InputTokenCount);
        Assert.Equal(Usage.Output, response.Usage.OutputTokenCount);
        Fake.AssertTextRequest(gateway.Upstream.LastRequest, "You are terse.", "Say hello", 0.25, 300);
    }

    [Fact]
    public async Task Streaming_text_arrives_as_deltas_then_completes()
    {
        gateway.Upstream.Handler = (context, _) => Fake.WriteTextStreamAsync(context, ["Hel", "lo, ", "stream"], Usage);
        var options = new CreateResponseOptions(ResponsesGateway.Model, [ResponseItem.CreateUserMessageItem("Stream please")]) { StreamingEnabled = true };

        var deltas = new List<string>();
        ResponseResult? completed = null;
        await foreach (var update in await Client.CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal("Hello, stream", string.Concat(deltas));
        Assert.True(deltas.Count >= 3);
        Assert.NotNull(completed);
        Assert.Equal("Hello, stream", completed.GetOutputText());
        Assert.Equal(Usage.Input + Usage.Output, completed.Usage.TotalTokenCount);
        Fake.AssertStreamRequest(gateway.Upstream.LastRequest);
    }

    [Fact]
    public async Task Function_call_round_trip_with_previous_response_id()
    {
        gateway.Upstream.Handler = (context, _) => Fake.WriteToolCallAsync(context, "call_weather_1", "get_weather", """{"city":"Paris"}""");
        var options = new CreateResponseOptions(ResponsesGateway.Model, [ResponseItem.CreateUserMessageItem("Weather in Paris?")])
        {
            Tools = { WeatherTool() },
        };

        ResponseResult first = await Client.CreateResponseAsync(options);

        // Some providers explain their plan first (Cohere's tool_plan, as a reasoning item).
        var call = Assert.Single(first.OutputItems.OfType<FunctionCallResponseItem>());
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(KeepsCallIds ? "call_weather_1" : call.CallId, call.CallId);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());
        Fake.AssertToolSent(gateway.Upstream.LastRequest, "get_weather");

        gateway.Upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "It is sunny.", Usage);
        var followUp = new CreateResponseOptions(ResponsesGateway.Model, [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 21C")])
        {
            PreviousResponseId = first.Id,
            Tools = { WeatherTool() },
        };
        ResponseResult answer = await Client.CreateResponseAsync(followUp);

        Assert.Equal("It is sunny.", answer.GetOutputText());
        Assert.Equal(first.Id, answer.PreviousResponseId);
        Fake.AssertToolResultSent(gateway.Upstream.LastRequest, call.CallId, "sunny, 21C");
    }

    [Fact]
    public async Task Structured_output_with_a_json_schema()
    {
        gateway.Upstream.Handler = (context, _) => Fake.WriteTextAsync(context, """{"city":"Paris"}""", Usage);
        var options = new CreateResponseOptions(ResponsesGateway.Model, [ResponseItem.CreateUserMessageItem("Which city?")])
        {
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("city", BinaryData.FromString(
                    """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"""),
                    jsonSchemaIsStrict: true),
            },
        };

        ResponseResult response = await Client.CreateResponseAsync(options);

        Assert.Equal("Paris", JsonDocument.Parse(response.GetOutputText()).RootElement.GetProperty("city").GetString());
        Fake.AssertJsonSchemaSent(gateway.Upstream.LastRequest, "city");
    }

    [Fact]
    public async Task Previous_response_id_rebuilds_the_conversation_upstream()
    {
        gateway.Upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "Nice to meet you, Ada.", Usage);
        ResponseResult first = await Client.CreateResponseAsync(ResponsesGateway.Model, "My name is Ada.");

        gateway.Upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "Your name is Ada.", Usage);
        ResponseResult second = await Client.CreateResponseAsync(ResponsesGateway.Model, "What is my name?", first.Id);

        Assert.Equal("Your name is Ada.", second.GetOutputText());
        var sent = gateway.Upstream.LastRequest.BodyText;
        Assert.True(sent.IndexOf("My name is Ada.", StringComparison.Ordinal) < sent.IndexOf("Nice to meet you, Ada.", StringComparison.Ordinal));
        Assert.True(sent.IndexOf("Nice to meet you, Ada.", StringComparison.Ordinal) < sent.IndexOf("What is my name?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upstream_rate_limit_is_a_429_with_retry_after()
    {
        gateway.Upstream.Handler = (context, _) => Fake.WriteRateLimitAsync(context, "Slow down");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client.CreateResponseAsync(ResponsesGateway.Model, "Hi"));

        Assert.Equal(429, e.Status);
        Assert.True(e.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter) && int.Parse(retryAfter!) >= 1);
    }

    private static ResponseTool WeatherTool() => ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
        strictModeEnabled: false,
        "Current weather in a city");
}

public sealed class OpenAiResponsesSdkTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new OpenAiFake();
}

public sealed class AnthropicResponsesSdkTests : ResponsesSdkTests
{
    protected override IProviderFake Fake { get; } = new AnthropicFake();
}
