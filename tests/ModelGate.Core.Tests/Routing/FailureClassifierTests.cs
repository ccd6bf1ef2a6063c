using ModelGate.Core.Errors;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Routing;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData(400, "invalid_value", false, FailureClass.Fatal)]
    [InlineData(400, "context_length_exceeded", false, FailureClass.ContextWindowExceeded)]
    [InlineData(400, "content_filter", false, FailureClass.ContentPolicy)]
    [InlineData(400, "content_policy_violation", false, FailureClass.ContentPolicy)]
    [InlineData(429, "rate_limit_exceeded", true, FailureClass.RetryAnywhere)]
    [InlineData(502, "upstream_error", true, FailureClass.RetryAnywhere)]
    [InlineData(504, "upstream_timeout", true, FailureClass.RetryAnywhere)]
    [InlineData(502, "upstream_auth_failed", true, FailureClass.RetryElsewhere)]
    [InlineData(404, "model_not_found", true, FailureClass.RetryElsewhere)]
    [InlineData(402, "insufficient_quota", true, FailureClass.RetryElsewhere)]
    public void EachFailureIsClassifiedForRouting(int status, string code, bool retriable, FailureClass expected)
    {
        var failed = new AttemptFailure(new GatewayError(status, ErrorTypes.InvalidRequest, code, "x"), retriable);

        Assert.Equal(expected, FailureClassifier.Classify(failed));
    }
}
