using System.Net;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Providers.Mistral;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Mistral;

/// <summary>Unsupported parameters, error mapping and edge cases of the Mistral adapter.</summary>
public sealed class MistralProviderTests
{
    private const string Completion =
        """{"id":"c","object":"chat.completion","model":"m","created":1,"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""";

    private static async Task<(Core.Providers.ChatOutcome Outcome, VerbatimHttpHandler Handler)> SendAsync(string body, VerbatimHttpHandler? handler = null, bool drop = false)
    {
        handler ??= VerbatimHttpHandler.Json(Completion);
        var provider = new MistralProvider(MistralGoldenTests.Settings(drop), new HttpClient(handler), TimeProvider.System);
        return (await provider.SendChatAsync(TestData.Call(body), CancellationToken.None), handler);
    }

    [Theory]
    [InlineData("user", "\"u-1\"")]
    [InlineData("logprobs", "true")]
    [InlineData("reasoning_effort", "\"high\"")]
    public async Task FieldsMistralLacksAreRefusedByName(string field, string value)
    {
        var (outcome, handler) = await SendAsync($$"""{"model":"gw","messages":[{"role":"user","content":"hi"}],"{{field}}":{{value}}}""");

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(400, error.Status);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(field, error.Param);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task UnsupportedFieldsAreDroppedWhenConfigured()
    {
        var (_, handler) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"user":"u-1","logprobs":true,"temperature":0.5}""", drop: true);

        var sent = JsonDocument.Parse(handler.Request!.Body).RootElement;
        Assert.False(sent.TryGetProperty("user", out _));
        Assert.False(sent.TryGetProperty("logprobs", out _));
        Assert.Equal(0.5, sent.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task StreamingSeveralChoicesIsRefused()
    {
        var (outcome, _) = await SendAsync("""{"model":"gw","stream":true,"n":2,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("n", outcome.AssertFailed(retriable: false).Param);
    }

    [Fact]
    public async Task NamedToolChoicePassesThrough()
    {
        var (_, handler) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"function","function":{"name":"f"}}}""");

        Assert.Equal("f", JsonDocument.Parse(handler.Request!.Body).RootElement.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ErrorMessageAndStatusAreKept()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.BadRequest,
            """{"object":"error","message":"Invalid model: nope","type":"invalid_model","param":null,"code":"1500"}""");

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(400, error.Status);
        Assert.Equal("Invalid model: nope", error.Message);
        Assert.Equal("invalid_model", error.Type);
        Assert.Equal("1500", error.Code);
    }

    [Fact]
    public async Task ValidationErrorObjectBecomesTheMessage()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.UnprocessableEntity,
            """{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","foo"],"msg":"Extra inputs are not permitted"}]},"type":"invalid_request_message_error","param":null,"code":null}""");

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(422, error.Status);
        Assert.Contains("Extra inputs are not permitted", error.Message);
    }

    [Fact]
    public async Task ServiceUnavailableIsOverloaded()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.ServiceUnavailable, """{"object":"error","message":"Service unavailable.","type":"service_unavailable","param":null,"code":"1000"}""");

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.UpstreamOverloaded, error.Code);
    }

    [Fact]
    public async Task ErrorFinishReasonIsAFailure()
    {
        var handler = VerbatimHttpHandler.Json(Completion.Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"error\""));

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        Assert.Equal(502, outcome.AssertFailed(retriable: true).Status);
    }
}
