using ModelGate.Core.Errors;

namespace ModelGate.Server.Endpoints;

/// <summary>The whole request's deadline, shared by its attempts, retries and backoffs.</summary>
/// <param name="Token">Cancelled when the client goes away or the deadline passes.</param>
/// <param name="Limit">The deadline, from the request's start; null for none.</param>
public readonly record struct RequestDeadline(CancellationToken Token, TimeSpan? Limit, long Started, TimeProvider Time)
{
    /// <summary>Time left; <see cref="TimeSpan.MaxValue"/> without a deadline.</summary>
    public TimeSpan Remaining => Limit is { } limit ? limit - Time.GetElapsedTime(Started) : TimeSpan.MaxValue;

    public bool Passed(CancellationToken clientGone) => Token.IsCancellationRequested && !clientGone.IsCancellationRequested;

    public GatewayError Error() => GatewayErrors.RequestTimeout(Limit ?? TimeSpan.Zero);
}
