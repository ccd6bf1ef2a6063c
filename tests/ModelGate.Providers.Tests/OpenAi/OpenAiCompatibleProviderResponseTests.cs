using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Core.Usage;
using ModelGate.Providers.OpenAi;
using ModelGate.Providers.Tests.Support;

namespace ModelGate.Providers.Tests.OpenAi;

/// <summary>What a non-streaming call returns for each kind of upstream answer.</summary>
public sealed class OpenAiCompatibleProviderResponseTests
{
    private static Task<ChatOutcome> SendAsync(HttpResponseMessage response, TimeProvider? time = null) =>
        SendAsync(new VerbatimHttpHandler(() => response), time);

    private static Task<ChatOutcome> SendAsync(VerbatimHttpHandler handler, TimeProvider? time = null) =>
        new OpenAiCompatibleProvider(TestData.OpenAi(), new HttpClient(handler), time ?? TimeProvider.System)
            .SendChatAsync(TestData.SimpleCall(), CancellationToken.None);

    [Fact]
    public async Task CompletionIsReturnedByteForByteWithItsUsage()
    {
        const string body = "{\"id\":\"chatcmpl-9\", \"object\":\"chat.completion\",\"created\":1727000000,\"model\":\"gpt-4o-mini-2024-07-18\",\n"
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi \\u2603\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\n"
            + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"total_tokens\":150,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":64,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":12,\"audio_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_1\"}";

        var outcome = await SendAsync(VerbatimHttpHandler.Json(body));

        var completed = Assert.IsType<ChatCompleted>(outcome);
        Assert.Equal(Encoding.UTF8.GetBytes(body), completed.Body.ToArray());
        Assert.Equal(new TokenUsage(120, 30, 150, CachedPromptTokens: 64, ReasoningTokens: 12), completed.Usage);
    }

    [Fact]
    public async Task CompletionWithoutUsageHasNoUsage()
    {
        const string body = """{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop"}]}""";

        var completed = Assert.IsType<ChatCompleted>(await SendAsync(VerbatimHttpHandler.Json(body)));

        Assert.Null(completed.Usage);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"id\":\"x\",\"choices\":[")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    public async Task OkWithABodyThatIsNotAJsonObjectFailsRetriably(string body)
    {
        var error = (await SendAsync(VerbatimHttpHandler.Json(body))).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
        Assert.Equal(ErrorTypes.Server, error.Type);
        Assert.StartsWith("Provider 'up' failed: the response body is not valid JSON", error.Message);
    }

    [Fact]
    public async Task OkWithAnErrorObjectFailsWithItsMessage()
    {
        const string body = """{"error":{"message":"The server is overloaded","type":"server_error","param":null,"code":null}}""";

        var error = (await SendAsync(VerbatimHttpHandler.Json(body))).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
        Assert.Equal("Provider 'up' failed: The server is overloaded", error.Message);
    }

    [Fact]
    public async Task OpenAiStyle400KeepsStatusMessageTypeParamAndCode()
    {
        const string body = """{"error":{"message":"bad","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""";

        var error = (await SendAsync(VerbatimHttpHandler.Status(HttpStatusCode.BadRequest, body))).AssertFailed(retriable: false);

        Assert.Equal(new GatewayError(400, "invalid_request_error", "invalid_value", "bad", "temperature"), error);
    }

    [Fact]
    public async Task NotFoundKeepsItsStatus()
    {
        const string body = """{"error":{"message":"The model 'x' does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}""";

        var error = (await SendAsync(VerbatimHttpHandler.Status(HttpStatusCode.NotFound, body))).AssertFailed(retriable: true);

        Assert.Equal(404, error.Status);
        Assert.Equal("model_not_found", error.Code);
        Assert.Equal("The model 'x' does not exist", error.Message);
    }

    [Fact]
    public async Task RateLimitWithRetryAfterSecondsIsRetriable()
    {
        var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""");
        response.Headers.Add("Retry-After", "7");

        var error = (await SendAsync(response)).AssertFailed(retriable: true);

        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal("rate_limit_exceeded", error.Code);
        Assert.Equal("Rate limit reached", error.Message);
    }

    [Fact]
    public async Task RetryAfterMsIsHonouredAndWinsOverRetryAfter()
    {
        var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"error":{"message":"slow down"}}""");
        response.Headers.Add("retry-after-ms", "1500");
        response.Headers.Add("Retry-After", "2");

        var error = (await SendAsync(response)).AssertFailed(retriable: true);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
        Assert.Equal(ErrorTypes.RateLimit, error.Type);
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDateIsTheTimeLeftUntilThen()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"error":{"message":"slow down"}}""");
        response.Headers.Add("Retry-After", "Sat, 01 Mar 2025 12:00:30 GMT");

        var error = (await SendAsync(response, time)).AssertFailed(retriable: true);

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task HugeRetryAfterMsDoesNotThrow()
    {
        var response = Responses.Text(HttpStatusCode.TooManyRequests, """{"error":{"message":"slow down"}}""");
        response.Headers.Add("retry-after-ms", "1e300");

        var error = (await SendAsync(response)).AssertFailed(retriable: true);

        Assert.Equal(429, error.Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task AuthFailuresBlameTheGatewayKey(HttpStatusCode status)
    {
        const string body = """{"error":{"message":"Incorrect API key provided: sk-te***st.","type":"invalid_request_error","code":"invalid_api_key"}}""";

        var error = Assert.IsType<ChatFailed>(await SendAsync(VerbatimHttpHandler.Status(status, body))).Error;

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamAuthFailed, error.Code);
        Assert.Equal($"Provider 'up' rejected the gateway's credentials (HTTP {(int)status}): Incorrect API key provided: sk-te***st.", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task ServerErrorsBecomeRetriable502WithTheUpstreamMessage(HttpStatusCode status)
    {
        var response = Responses.Text(status, """{"error":{"message":"The engine is currently overloaded","type":"server_error"}}""");
        response.Headers.Add("Retry-After", "3");

        var error = (await SendAsync(response)).AssertFailed(retriable: true);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
        Assert.Equal($"Provider 'up' failed: HTTP {(int)status}: The engine is currently overloaded", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    public async Task HtmlErrorBodyBecomes502(HttpStatusCode status, bool retriable)
    {
        var response = Responses.Text(status, "<html><head><title>Error</title></head><body>nginx</body></html>", "text/html");

        var error = (await SendAsync(response)).AssertFailed(retriable);

        Assert.Equal(502, error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
        Assert.Contains($"HTTP {(int)status} with an unreadable error body: '<html>", error.Message);
    }
}
