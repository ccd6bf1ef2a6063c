using ModelGate.Core.Errors;
using ModelGate.Core.Providers;

namespace ModelGate.Core.Routing;

/// <summary>What a failed attempt means for the rest of the request.</summary>
public enum FailureClass
{
    /// <summary>The request itself is at fault (a 400, an unsupported parameter): answered at once.</summary>
    Fatal,

    /// <summary>Transient (429, 5xx, timeouts, connection errors): other deployments now, this one again on a retry.</summary>
    RetryAnywhere,

    /// <summary>Retrying this deployment will not help (its credentials or credit, a model it lacks), others may.</summary>
    RetryElsewhere,

    /// <summary>The prompt does not fit the model: only a model with a larger context window helps.</summary>
    ContextWindowExceeded,

    /// <summary>The provider refused the content: only a model under another policy helps.</summary>
    ContentPolicy,
}

/// <summary>A failed attempt on one deployment, whatever the API: what to answer, and whether another attempt may succeed.</summary>
public readonly record struct AttemptFailure(GatewayError Error, bool Retriable)
{
    public static AttemptFailure From(ChatFailed failed) => new(failed.Error, failed.Retriable);
}

/// <summary>The one place that classifies a failed attempt for routing.</summary>
public static class FailureClassifier
{
    /// <summary>Codes providers use for a content-policy refusal (Azure OpenAI's <c>content_filter</c> among them).</summary>
    private static readonly HashSet<string> ContentPolicyCodes = [ErrorCodes.ContentPolicyViolation, "content_filter"];

    public static FailureClass Classify(AttemptFailure failed) => failed.Error switch
    {
        { Code: ErrorCodes.ContextLengthExceeded } => FailureClass.ContextWindowExceeded,
        { Code: { } code } when ContentPolicyCodes.Contains(code) => FailureClass.ContentPolicy,
        _ when !failed.Retriable => FailureClass.Fatal,
        { Code: ErrorCodes.UpstreamAuthFailed } or { Status: 402 or 404 } => FailureClass.RetryElsewhere,
        _ => FailureClass.RetryAnywhere,
    };
}
