namespace ModelGate.Core.Routing;

/// <summary>
/// Retries after every candidate failed: up to <see cref="Max"/> more rounds, each after an exponential backoff with
/// full jitter (a random wait between zero and <see cref="BaseDelay"/> × 2^(round−1), capped at <see cref="MaxDelay"/>).
/// The retry budget keeps retries to <see cref="BudgetRatio"/> of the requests in flight (at least
/// <see cref="BudgetMinimum"/> at once), so retries cannot multiply an outage.
/// </summary>
public sealed record RetrySettings(int Max, TimeSpan BaseDelay, TimeSpan MaxDelay, double BudgetRatio, int BudgetMinimum)
{
    public static readonly RetrySettings Default = new(2, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10), 0.2, 3);

    /// <summary>The wait before retry round <paramref name="round"/> (1-based): full jitter over the exponential ceiling.</summary>
    public TimeSpan Backoff(int round, Random random)
    {
        var factor = 1L << Math.Clamp(round - 1, 0, 30);
        var ceiling = BaseDelay.Ticks > MaxDelay.Ticks / factor ? MaxDelay : TimeSpan.FromTicks(BaseDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)(random.NextDouble() * ceiling.Ticks));
    }
}
