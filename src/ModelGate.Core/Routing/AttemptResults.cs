namespace ModelGate.Core.Routing;

public static class AttemptResults
{
    /// <summary>
    /// What a failed attempt means for the deployment's health: only failures that blame it count, and one whose provider
    /// said how long to wait (<c>retry-after</c>) ejects the deployment at once for that long.
    /// </summary>
    public static AttemptResult For(AttemptFailure failure) =>
        FailureClassifier.Classify(failure) is FailureClass.RetryAnywhere or FailureClass.RetryElsewhere
            ? new AttemptResult(AttemptKind.Failure, RetryAfter: failure.Error.RetryAfter)
            : AttemptResult.Neutral;
}
