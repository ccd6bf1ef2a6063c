using ModelGate.Core.Errors;
using ModelGate.Providers.Anthropic;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Anthropic;

/// <summary>What goes on the wire: endpoint, credential and version headers, and requests refused before sending.</summary>
public sealed class AnthropicProviderTests
{
    private const string Reply = """{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""";

    [Fact]
    public async Task PostsToMessagesWithTheKeyAndVersionHeaders()
    {
        var handler = VerbatimHttpHandler.Json(Reply);

        await AnthropicTestData.SendAsync(handler, """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");

        var sent = handler.Request!;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.anthropic.test/v1/messages", sent.Uri.ToString());
        Assert.Equal("sk-ant-test", sent.Header("x-api-key"));
        Assert.Equal("2023-06-01", sent.Header("anthropic-version"));
        Assert.Null(sent.Header("Authorization"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal(TestData.RequestId, sent.Header("x-request-id"));
        AnthropicTestData.AssertJsonEqual(
            """{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", sent.BodyText);
    }

    [Fact]
    public async Task StreamsAskForAnEventStream()
    {
        var handler = new VerbatimHttpHandler(() => Responses.EventStream(""));

        var outcome = await AnthropicTestData.SendAsync(handler, """{"model":"gw","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        await outcome.AssertStreaming().DisposeAsync();
        Assert.Equal("text/event-stream", handler.Request!.Header("Accept"));
        Assert.Contains("\"stream\":true", handler.Request.BodyText);
    }

    [Fact]
    public async Task TheConfiguredDefaultMaxTokensIsSent()
    {
        var handler = VerbatimHttpHandler.Json(Reply);

        await AnthropicTestData.SendAsync(handler, """{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", AnthropicTestData.Settings(defaultMaxTokens: "777"));

        Assert.Contains("\"max_tokens\":777", handler.Request!.BodyText);
    }

    [Fact]
    public void AnInvalidDefaultMaxTokensIsRejectedAtConstruction()
    {
        var error = Assert.Throws<ArgumentException>(() => AnthropicTestData.Provider(VerbatimHttpHandler.Json(Reply), AnthropicTestData.Settings(defaultMaxTokens: "lots")));

        Assert.Contains("default_max_tokens", error.Message);
    }

    [Fact]
    public async Task AnUnsupportedParameterIsRefusedWithoutCallingAnthropic()
    {
        var handler = VerbatimHttpHandler.Json(Reply);

        var outcome = await AnthropicTestData.SendAsync(handler, """{"model":"gw","messages":[{"role":"user","content":"hi"}],"seed":7}""");

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public void TheFactoryBuildsIt()
    {
        using var http = new Http.UpstreamHttp();

        Assert.IsType<AnthropicProvider>(new ProviderFactory(http, TimeProvider.System).Create(AnthropicTestData.Settings()));
    }
}
