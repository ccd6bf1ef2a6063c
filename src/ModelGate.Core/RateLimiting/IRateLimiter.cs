namespace ModelGate.Core.RateLimiting;

/// <summary>
/// Counts requests, tokens and requests in flight per subject (key, team, deployment) over a one-minute window. The
/// in-memory implementation serves one process; a shared one (Redis) can replace it behind this interface.
/// </summary>
public interface IRateLimiter
{
    /// <summary>
    /// Admits a request against every subject's limits at once, or against none: a request refused by one subject
    /// counts nowhere. A limit of N admits N: the request that makes the count N passes, the next one is refused.
    /// </summary>
    /// <param name="tokens">The estimate reserved against tokens-per-minute limits, settled on release.</param>
    RateLimitDecision TryAcquire(IReadOnlyList<RateLimitSubject> subjects, long tokens);
}

/// <summary>What an admitted request holds: its place in each subject's window and its parallel slots.</summary>
public interface IRateLimitLease
{
    /// <summary>
    /// Frees the request's parallel slots and replaces its reserved tokens with <paramref name="tokens"/>, the real
    /// usage (null keeps the estimate). Only the first call counts.
    /// </summary>
    void Release(long? tokens);
}
