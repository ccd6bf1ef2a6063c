namespace ModelGate.Core.Routing;

public static class AttemptResults
{
    /// <summary>What a failed attempt means for the deployment's health: only failures that blame it count.</summary>
    public static AttemptResult For(AttemptFailure failure) =>
        FailureClassifier.Classify(failure) is FailureClass.RetryAnywhere or FailureClass.RetryElsewhere
            ? new AttemptResult(AttemptKind.Failure, RetryAfter: failure.Error.RetryAfter)
            : AttemptResult.Neutral;
}
