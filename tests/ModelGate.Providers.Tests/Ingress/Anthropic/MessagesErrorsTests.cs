using System.Text;
using ModelGate.Core.Errors;
using ModelGate.Providers.Ingress.Anthropic;

namespace ModelGate.Providers.Tests.Ingress.Anthropic;

/// <summary>Gateway errors in the Messages API's error shape, typed by the status the gateway chose.</summary>
public sealed class MessagesErrorsTests
{
    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(402, "billing_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(405, "invalid_request_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(504, "timeout_error")]
    [InlineData(529, "overloaded_error")]
    public void TheStatusDecidesTheType(int status, string type)
    {
        Assert.Equal(type, MessagesErrors.TypeFor(status));
    }

    [Fact]
    public void TheBodyCarriesTypeMessageAndRequestId()
    {
        var body = MessagesErrors.Body(GatewayErrors.MissingParameter("max_tokens"), "req_123");

        Assert.Equal(
            """{"type":"error","error":{"type":"invalid_request_error","message":"Missing required parameter: 'max_tokens'."},"request_id":"req_123"}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void GatewayStatusesKeepTheirMeaning()
    {
        Assert.Contains("\"type\":\"authentication_error\"", Encoding.UTF8.GetString(MessagesErrors.Body(GatewayErrors.InvalidApiKey(), null)), StringComparison.Ordinal);
        Assert.Contains("\"type\":\"not_found_error\"", Encoding.UTF8.GetString(MessagesErrors.Body(GatewayErrors.ModelNotFound("m"), null)), StringComparison.Ordinal);
        Assert.Contains("\"type\":\"timeout_error\"", Encoding.UTF8.GetString(MessagesErrors.Body(GatewayErrors.UpstreamTimeout("p", "before the first byte"), null)), StringComparison.Ordinal);
        Assert.Contains("\"type\":\"overloaded_error\"", Encoding.UTF8.GetString(MessagesErrors.Body(GatewayErrors.NoDeploymentAvailable("m", TimeSpan.FromSeconds(3)), null)), StringComparison.Ordinal);
        Assert.DoesNotContain("request_id", Encoding.UTF8.GetString(MessagesErrors.Body(GatewayErrors.Internal(), null)), StringComparison.Ordinal);
    }
}
