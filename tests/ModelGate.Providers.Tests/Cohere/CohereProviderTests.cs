using System.Net;
using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.Cohere;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.Cohere;

/// <summary>Parameter mapping, unsupported parameters and error mapping of the Cohere adapter.</summary>
public sealed class CohereProviderTests
{
    private const string Answer =
        """{"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"ok"}]},"usage":{"billed_units":{"input_tokens":3,"output_tokens":1}}}""";

    private static async Task<(ChatOutcome Outcome, VerbatimHttpHandler Handler)> SendAsync(string body, VerbatimHttpHandler? handler = null, bool drop = false)
    {
        handler ??= VerbatimHttpHandler.Json(Answer);
        var provider = new CohereProvider(CohereGoldenTests.Settings(drop), new HttpClient(handler), TimeProvider.System);
        return (await provider.SendChatAsync(TestData.Call(body), CancellationToken.None), handler);
    }

    private static JsonElement Sent(VerbatimHttpHandler handler) => JsonDocument.Parse(handler.Request!.Body).RootElement;

    [Theory]
    [InlineData("\"none\"", "NONE")]
    [InlineData("\"required\"", "REQUIRED")]
    [InlineData("\"auto\"", null)]
    public async Task ToolChoiceIsMapped(string choice, string? expected)
    {
        var (_, handler) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"tool_choice":""" + choice + "}");

        Assert.Equal(expected, Sent(handler).TryGetProperty("tool_choice", out var sent) ? sent.GetString() : null);
    }

    [Fact]
    public async Task JsonObjectModeHasNoSchema()
    {
        var (_, handler) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"json"}],"response_format":{"type":"json_object"}}""");

        Assert.Equal("""{"type":"json_object"}""", Sent(handler).GetProperty("response_format").GetRawText());
    }

    [Fact]
    public async Task ReasoningEffortNoneDisablesThinking()
    {
        var (_, handler) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""");

        Assert.Equal("disabled", Sent(handler).GetProperty("thinking").GetProperty("type").GetString());
    }

    [Fact]
    public async Task BilledUnitsAreTheFallbackUsage()
    {
        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(new Core.Usage.TokenUsage(3, 1, 4), Assert.IsType<ChatCompleted>(outcome).Usage);
    }

    [Theory]
    [InlineData("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"user":"u-1"}""", "user")]
    [InlineData("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"logprobs":true}""", "logprobs")]
    [InlineData("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"n":2}""", "n")]
    [InlineData("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"parallel_tool_calls":false}""", "parallel_tool_calls")]
    [InlineData("""{"model":"gw","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}]}""", "messages")]
    public async Task WhatCohereCannotTakeIsRefusedByName(string body, string param)
    {
        var (outcome, handler) = await SendAsync(body);

        var error = outcome.AssertFailed(retriable: false);
        Assert.Equal(ErrorCodes.UnsupportedParameter, error.Code);
        Assert.Equal(param, error.Param);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task RefusedValuesAreDroppedWhenConfigured()
    {
        var (outcome, handler) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}],"n":2,"user":"u"}""", drop: true);

        Assert.IsType<ChatCompleted>(outcome);
        Assert.False(Sent(handler).TryGetProperty("user", out _));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, 400, "invalid request: message must be at least 1 token long")]
    [InlineData(HttpStatusCode.TooManyRequests, 429, "You are using a Trial key, which is limited to 10 API calls / minute.")]
    [InlineData(HttpStatusCode.PaymentRequired, 402, "Please add a payment method.")]
    public async Task ClientErrorsKeepStatusAndMessage(HttpStatusCode status, int expected, string message)
    {
        var handler = VerbatimHttpHandler.Status(status, JsonSerializer.Serialize(new { id = "e1", message }));

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        var error = Assert.IsType<ChatFailed>(outcome).Error;
        Assert.Equal(expected, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task ServiceUnavailableIsOverloaded()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.ServiceUnavailable, """{"id":"e2","message":"model is overloaded"}""");

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        var error = outcome.AssertFailed(retriable: true);
        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.UpstreamOverloaded, error.Code);
    }

    [Fact]
    public async Task UnauthorizedBlamesTheGatewayKey()
    {
        var handler = VerbatimHttpHandler.Status(HttpStatusCode.Unauthorized, """{"id":"e3","message":"invalid api token"}""");

        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", handler);

        Assert.Equal(ErrorCodes.UpstreamAuthFailed, Assert.IsType<ChatFailed>(outcome).Error.Code);
    }

    [Fact]
    public async Task ErrorFinishReasonIsAFailure()
    {
        var (outcome, _) = await SendAsync("""{"model":"gw","messages":[{"role":"user","content":"hi"}]}""", VerbatimHttpHandler.Json(Answer.Replace("COMPLETE", "ERROR")));

        Assert.Equal(502, outcome.AssertFailed(retriable: true).Status);
    }
}
