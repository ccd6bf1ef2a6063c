using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages;
using ModelGate.Server.Tests.Conformance;
using ModelGate.Server.Tests.Conformance.Anthropic;
using ModelGate.Server.Tests.Conformance.Azure;
using ModelGate.Server.Tests.Conformance.Bedrock;
using ModelGate.Server.Tests.Conformance.Cohere;
using ModelGate.Server.Tests.Conformance.Gemini;
using ModelGate.Server.Tests.Conformance.Mistral;
using ModelGate.Server.Tests.Conformance.OpenAi;
using ModelGate.Server.Tests.Conformance.Vertex;
using ModelGate.Server.Tests.Conformance.VertexClaude;
using ModelGate.Server.Tests.Infrastructure;
using ModelGate.Server.Tests.Messages;

namespace ModelGate.Server.Tests.Matrix;

/// <summary>
/// The Messages API on every provider type: the official Anthropic SDK drives the gateway, whose only deployment is a
/// fake upstream speaking one provider's exact wire format (the chat conformance suite's fakes). Subclassed per provider.
/// </summary>
public abstract class MessagesMatrixTests : IAsyncLifetime
{
    private const string Model = "matrix";
    private static readonly ConformanceUsage Usage = new(Input: 21, Output: 9);

    private FakeUpstream upstream = null!;
    private TestGateway gateway = null!;

    protected abstract IProviderFake Fake { get; }

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

    private AnthropicClient Sdk => new(new ClientOptions { ApiKey = TestGateway.MasterKey, BaseUrl = gateway.BaseUrl, MaxRetries = 0 });

    [Fact]
    public async Task Plain_message_with_usage()
    {
        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "Hello from the provider", Usage);

        var message = await Sdk.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 300,
            System = "You are terse.",
            Messages = [new UserMessageParam("Say hello")],
        });

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello from the provider", text.Text);
        Assert.Equal("end_turn", message.StopReason!.Raw());
        Assert.Equal(Usage.Output, message.Usage.OutputTokens);
        // This SDK version sends no temperature; the system prompt, the text and the token limit reach the provider.
        var sent = upstream.LastRequest.BodyText;
        Assert.Contains("You are terse.", sent);
        Assert.Contains("Say hello", sent);
        Assert.Contains("300", sent);
    }

    [Fact]
    public async Task Streamed_text()
    {
        upstream.Handler = (context, _) => Fake.WriteTextStreamAsync(context, ["Hel", "lo, ", "stream"], Usage);

        var text = new StringBuilder();
        var types = new List<string>();
        await foreach (var streamEvent in Sdk.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 100,
            Messages = [new UserMessageParam("Stream please")],
        }))
        {
            types.Add(streamEvent.Json.GetProperty("type").GetString()!);
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }
        }

        Assert.Equal("Hello, stream", text.ToString());
        Assert.Equal("message_start", types[0]);
        Assert.Equal(["message_delta", "message_stop"], types[^2..]);
        Fake.AssertStreamRequest(upstream.LastRequest);
    }

    [Fact]
    public async Task Tool_use_then_tool_result()
    {
        upstream.Handler = (context, _) => Fake.WriteToolCallAsync(context, "call_matrix_1", "get_weather", """{"city":"Paris"}""");

        var first = await Sdk.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 200,
            Messages = [new UserMessageParam("Weather in Paris?")],
            Tools = [AnthropicTools.Weather],
        });

        Assert.Equal("tool_use", first.StopReason!.Raw());
        Assert.True(first.Content.Last().TryPickToolUse(out var call));
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Input["city"].GetString());
        Fake.AssertToolSent(upstream.LastRequest, "get_weather");

        upstream.Handler = (context, _) => Fake.WriteTextAsync(context, "Sunny", Usage);
        var second = await Sdk.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 200,
            Tools = [AnthropicTools.Weather],
            Messages =
            [
                new UserMessageParam("Weather in Paris?"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = call.ID, Name = call.Name, Input = call.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(call.ID) { Content = "18C and sunny" } }),
            ],
        });

        Assert.True(second.Content.Single().TryPickText(out var answer));
        Assert.Equal("Sunny", answer.Text);
        Fake.AssertToolResultSent(upstream.LastRequest, call.ID, "18C and sunny");
    }

    [Fact]
    public async Task A_provider_rate_limit_is_an_anthropic_shaped_429()
    {
        upstream.Handler = (context, _) => Fake.WriteRateLimitAsync(context, "Slow down");
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.BaseUrl + "/v1/messages")
        {
            Content = new StringContent("""{"model":"matrix","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", TestGateway.MasterKey);

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }
}

public sealed class OpenAiMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new OpenAiFake();
}

public sealed class AnthropicMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new AnthropicFake();
}

public sealed class GeminiMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new GeminiFake();
}

public sealed class VertexMessagesMatrixTests : MessagesMatrixTests, IDisposable
{
    private readonly VertexFake fake = new();

    protected override IProviderFake Fake => fake;

    public void Dispose() => fake.Dispose();
}

public sealed class VertexClaudeMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new VertexClaudeFake();
}

public sealed class AzureMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new AzureOpenAiFake();
}

public sealed class BedrockMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new BedrockFake();
}

public sealed class CohereMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new CohereFake();
}

public sealed class MistralMessagesMatrixTests : MessagesMatrixTests
{
    protected override IProviderFake Fake { get; } = new MistralFake();
}
