using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Core.Providers;
using ModelGate.Providers.OpenAi;

namespace ModelGate.Providers.Tests.OpenAi;

public sealed class OpenAiErrorMapperTests
{
    private const string OpenAiError = """{"error":{"message":"bad","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""";

    private static ChatFailed Map(int status, string body, TimeSpan? retryAfter = null) =>
        OpenAiErrorMapper.Map("up", status, Encoding.UTF8.GetBytes(body), retryAfter);

    [Fact]
    public void ClientErrorKeepsEverythingTheProviderSaid()
    {
        var failed = Map(400, OpenAiError);

        Assert.Equal(new ChatFailed(new GatewayError(400, "invalid_request_error", "invalid_value", "bad", "temperature"), Retriable: false), failed);
    }

    [Theory]
    [InlineData(402, true)]
    [InlineData(404, true)]
    [InlineData(408, true)]
    [InlineData(409, false)]
    [InlineData(422, false)]
    [InlineData(429, true)]
    public void ClientErrorStatusesAreKept(int status, bool retriable)
    {
        var failed = Map(status, OpenAiError);

        Assert.Equal(status, failed.Error.Status);
        Assert.Equal(retriable, failed.Retriable);
    }

    [Fact]
    public void RateLimitKeepsRetryAfterAndDefaultsItsType()
    {
        var failed = Map(429, """{"error":{"message":"Too many requests"}}""", TimeSpan.FromSeconds(7));

        Assert.Equal(new GatewayError(429, ErrorTypes.RateLimit, ErrorCodes.UpstreamError, "Too many requests", null, TimeSpan.FromSeconds(7)), failed.Error);
        Assert.True(failed.Retriable);
    }

    [Fact]
    public void ClientErrorWithoutTypeIsAnInvalidRequest()
    {
        var error = Map(400, """{"error":{"message":"nope"}}""").Error;

        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal(ErrorCodes.UpstreamError, error.Code);
    }

    [Fact]
    public void NumericCodeIsKeptAsText()
    {
        Assert.Equal("1234", Map(400, """{"error":{"message":"x","code":1234}}""").Error.Code);
    }

    [Fact]
    public void ErrorObjectWithoutMessageSaysSo()
    {
        Assert.Equal("(no message)", Map(400, """{"error":{"type":"invalid_request_error"}}""").Error.Message);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void AuthFailuresBecome502UpstreamAuthFailed(int status)
    {
        var failed = Map(status, """{"error":{"message":"Incorrect API key","code":"invalid_api_key"}}""");

        Assert.Equal(502, failed.Error.Status);
        Assert.Equal(ErrorCodes.UpstreamAuthFailed, failed.Error.Code);
        Assert.Equal(ErrorTypes.Server, failed.Error.Type);
        Assert.Contains($"(HTTP {status}): Incorrect API key", failed.Error.Message);
        Assert.Null(failed.Error.Param);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(529)]
    public void ServerErrorsBecomeRetriable502(int status)
    {
        var failed = Map(status, """{"error":{"message":"overloaded","type":"server_error","code":"boom"}}""", TimeSpan.FromSeconds(2));

        Assert.Equal(new GatewayError(502, ErrorTypes.Server, ErrorCodes.UpstreamError, $"Provider 'up' failed: HTTP {status}: overloaded", null, TimeSpan.FromSeconds(2)), failed.Error);
        Assert.True(failed.Retriable);
    }

    [Theory]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    public void UnreadableBodyBecomes502WithAnExcerpt(int status, bool retriable)
    {
        var failed = Map(status, "<html>\r\n<body>Service\tUnavailable</body>\n</html>");

        Assert.Equal(502, failed.Error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, failed.Error.Code);
        Assert.Equal($"Provider 'up' failed: HTTP {status} with an unreadable error body: '<html>  <body>Service Unavailable</body> </html>'", failed.Error.Message);
        Assert.Equal(retriable, failed.Retriable);
    }

    [Fact]
    public void UnreadableRateLimitStaysA429WithoutAnInventedRetryAfter()
    {
        var failed = Map(429, "<html>Too Many Requests</html>");

        Assert.Equal(429, failed.Error.Status);
        // The client still gets retry-after: 1 from the response writer; health must not take it for the provider's.
        Assert.Null(failed.Error.RetryAfter);
        Assert.Contains("Too Many Requests", failed.Error.Message);
        Assert.True(failed.Retriable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"oops\"")]
    [InlineData("{\"error\":42}")]
    [InlineData("{\"unrelated\":true}")]
    [InlineData("{\"error\":{\"message\":")]
    public void BodiesWithoutAnErrorAreUnreadable(string body)
    {
        var error = Map(400, body).Error;

        Assert.Equal(502, error.Status);
        Assert.Contains("unreadable error body", error.Message);
    }

    [Fact]
    public void EmptyBodyExcerptSaysEmpty()
    {
        Assert.EndsWith("unreadable error body: (empty)", Map(500, "").Error.Message);
    }

    [Fact]
    public void ExcerptIsCutAt200Bytes()
    {
        var message = Map(500, new string('x', 5000)).Error.Message;

        Assert.EndsWith($"'{new string('x', 200)}'", message);
    }

    [Fact]
    public void UnreadableBodyKeepsRetryAfter()
    {
        var error = Map(503, "Service Unavailable", TimeSpan.FromSeconds(5)).Error;

        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
    }

    [Fact]
    public void StringErrorIsRead()
    {
        var error = Map(400, """{"error":"model is required"}""").Error;

        Assert.Equal(new GatewayError(400, ErrorTypes.InvalidRequest, ErrorCodes.UpstreamError, "model is required"), error);
    }

    [Fact]
    public void DetailIsRead()
    {
        Assert.Equal("Not Found", Map(404, """{"detail":"Not Found"}""").Error.Message);
    }

    [Fact]
    public void StructuredDetailIsKeptAsJson()
    {
        var message = Map(422, """{"detail":[{"loc":["body","messages"],"msg":"field required"}]}""").Error.Message;

        Assert.Equal("""[{"loc":["body","messages"],"msg":"field required"}]""", message);
    }

    [Fact]
    public void TopLevelMessageIsRead()
    {
        Assert.Equal("quota exceeded", Map(429, """{"message":"quota exceeded","status":429}""").Error.Message);
    }

    [Fact]
    public void VeryLongMessageIsTruncated()
    {
        var message = Map(400, $$$"""{"error":{"message":"{{{new string('m', 5000)}}}"}}""").Error.Message;

        Assert.Equal(new string('m', 2000) + "…", message);
    }

    [Fact]
    public void VeryLongDetailIsTruncated()
    {
        Assert.Equal(2001, Map(400, $$"""{"detail":"{{new string('d', 5000)}}"}""").Error.Message.Length);
    }

    [Fact]
    public void VeryLongStringErrorIsTruncated()
    {
        var message = Map(400, $$"""{"error":"{{new string('s', 5000)}}"}""").Error.Message;

        Assert.Equal(new string('s', 2000) + "…", message);
    }

    [Fact]
    public void InBandErrorUsesTheMessage()
    {
        var error = OpenAiErrorMapper.InBand("up", """{"error":{"message":"context length exceeded"}}"""u8);

        Assert.Equal(GatewayErrors.Upstream("up", "context length exceeded"), error);
    }

    [Fact]
    public void InBandErrorWithoutAMessageUsesAnExcerpt()
    {
        var error = OpenAiErrorMapper.InBand("up", """{"error":7}"""u8);

        Assert.Equal("""Provider 'up' failed: '{"error":7}'""", error.Message);
    }

    [Fact]
    public void RetryAfterReadsSeconds()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("Retry-After", "7");

        Assert.Equal(TimeSpan.FromSeconds(7), OpenAiErrorMapper.RetryAfter(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfterReadsMilliseconds()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("retry-after-ms", "250.5");

        Assert.Equal(TimeSpan.FromMilliseconds(250.5), OpenAiErrorMapper.RetryAfter(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfterFallsBackWhenMillisecondsAreInvalid()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("retry-after-ms", "soon");
        response.Headers.Add("Retry-After", "4");

        Assert.Equal(TimeSpan.FromSeconds(4), OpenAiErrorMapper.RetryAfter(response.Headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfterReadsAnHttpDate()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
        var now = new DateTimeOffset(2015, 10, 21, 7, 27, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(1), OpenAiErrorMapper.RetryAfter(response.Headers, now));
    }

    [Fact]
    public void RetryAfterDateInThePastIsZero()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");

        Assert.Equal(TimeSpan.Zero, OpenAiErrorMapper.RetryAfter(response.Headers, new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NoRetryAfterIsNull()
    {
        using var response = new HttpResponseMessage();

        Assert.Null(OpenAiErrorMapper.RetryAfter(response.Headers, DateTimeOffset.UnixEpoch));
    }
}
