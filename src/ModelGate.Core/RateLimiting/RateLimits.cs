namespace ModelGate.Core.RateLimiting;

/// <summary>Requests per minute, tokens per minute and requests at once; null means no limit of that kind.</summary>
public sealed record RateLimits(int? Rpm = null, int? Tpm = null, int? MaxParallel = null)
{
    public static readonly RateLimits None = new();

    public bool Any => Rpm is not null || Tpm is not null || MaxParallel is not null;
}

/// <summary>Something limits apply to: a key, a team or a deployment.</summary>
/// <param name="Id">Where its counters are kept, e.g. <c>key:key_2b91…</c>, <c>team:team_5f0c…</c>, <c>deployment:openai/gpt-4o</c>.</param>
/// <param name="Name">How errors name it, e.g. <c>key 'notebook'</c>.</param>
public sealed record RateLimitSubject(string Id, string Name, RateLimits Limits);

public enum RateLimitKind
{
    Requests,
    Tokens,
    Parallel,
}

/// <summary>Which limit refused a request and when to try again.</summary>
/// <param name="Requested">The tokens the request asked for (for <see cref="RateLimitKind.Tokens"/>).</param>
public sealed record RateLimitRefusal(RateLimitSubject Subject, RateLimitKind Kind, int Limit, TimeSpan RetryAfter, long Requested = 0)
{
    /// <summary>The request alone asks for more tokens than the limit allows in a whole window.</summary>
    public bool NeverFits => Kind == RateLimitKind.Tokens && Requested > Limit;
}

/// <summary>One limit as the <c>x-ratelimit-*</c> headers show it.</summary>
/// <param name="Reset">Until every request (or token) now counted has left the window.</param>
public readonly record struct RateLimitState(int Limit, long Remaining, TimeSpan Reset);

/// <summary>The answer to an acquisition: a lease when admitted, else the refusal; and the tightest limits, for headers.</summary>
/// <param name="Requests">The requests-per-minute limit with the fewest requests left; null when none applies.</param>
/// <param name="Tokens">The tokens-per-minute limit with the fewest tokens left; null when none applies.</param>
public sealed record RateLimitDecision(IRateLimitLease? Lease, RateLimitRefusal? Refusal, RateLimitState? Requests, RateLimitState? Tokens)
{
    public static readonly RateLimitDecision Unlimited = new(NoLease.Instance, null, null, null);

    private sealed class NoLease : IRateLimitLease
    {
        public static readonly NoLease Instance = new();

        public void Release(long? tokens)
        {
        }
    }
}
