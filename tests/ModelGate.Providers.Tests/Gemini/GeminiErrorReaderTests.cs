using ModelGate.Core.Errors;
using ModelGate.Providers.Gemini;

namespace ModelGate.Providers.Tests.Gemini;

/// <summary>Google error bodies (ai.google.dev/gemini-api/docs/troubleshooting#error-codes) through the shared policy.</summary>
public sealed class GeminiErrorReaderTests
{
    private static string Body(int code, string status, string message) =>
        $$$"""{"error":{"code":{{{code}}},"message":"{{{message}}}","status":"{{{status}}}","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"X"}]}}""";

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", 400, "invalid_argument", false)]
    [InlineData(400, "FAILED_PRECONDITION", 400, "failed_precondition", false)]
    [InlineData(404, "NOT_FOUND", 404, "not_found", true)]
    [InlineData(429, "RESOURCE_EXHAUSTED", 429, "resource_exhausted", true)]
    [InlineData(500, "INTERNAL", 502, ErrorCodes.UpstreamError, true)]
    [InlineData(503, "UNAVAILABLE", 503, ErrorCodes.UpstreamOverloaded, true)]
    [InlineData(504, "DEADLINE_EXCEEDED", 502, ErrorCodes.UpstreamError, true)]
    [InlineData(401, "UNAUTHENTICATED", 502, ErrorCodes.UpstreamAuthFailed, true)]
    [InlineData(403, "PERMISSION_DENIED", 502, ErrorCodes.UpstreamAuthFailed, true)]
    public void StatusAndCodeFollowThePolicy(int status, string googleStatus, int expectedStatus, string expectedCode, bool retriable)
    {
        var failed = GeminiErrorReader.Map("up", status, System.Text.Encoding.UTF8.GetBytes(Body(status, googleStatus, "the reason")), null);

        Assert.Equal(expectedStatus, failed.Error.Status);
        Assert.Equal(expectedCode, failed.Error.Code);
        Assert.Equal(retriable, failed.Retriable);
        Assert.Contains("the reason", failed.Error.Message);
    }

    [Fact]
    public void VertexArrayWrappedErrorIsRead()
    {
        var body = "[" + Body(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com") + "]";

        var failed = GeminiErrorReader.Map("up", 429, System.Text.Encoding.UTF8.GetBytes(body), TimeSpan.FromSeconds(3));

        Assert.Equal(429, failed.Error.Status);
        Assert.Equal("Quota exceeded for aiplatform.googleapis.com", failed.Error.Message);
        Assert.Equal(TimeSpan.FromSeconds(3), failed.Error.RetryAfter);
    }

    [Theory]
    [InlineData("<html>Bad Gateway</html>")]
    [InlineData("")]
    [InlineData("{\"unexpected\":true}")]
    public void UnreadableBodyIsAnUpstreamError(string body)
    {
        var failed = GeminiErrorReader.Map("up", 502, System.Text.Encoding.UTF8.GetBytes(body), null);

        Assert.Equal(502, failed.Error.Status);
        Assert.Equal(ErrorCodes.UpstreamError, failed.Error.Code);
        Assert.Contains("unreadable error body", failed.Error.Message);
    }
}
