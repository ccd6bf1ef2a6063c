using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Routing;

/// <summary>Backoff with full jitter and the retry budget.</summary>
public sealed class RetryTests
{
    private static readonly RetrySettings Settings = new(3, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(350), 0.2, 3);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 350)]
    [InlineData(40, 350)]
    public void BackoffIsSpreadUniformlyBelowTheExponentialCeiling(int round, double ceilingMs)
    {
        var random = new Random(7);
        var waits = Enumerable.Range(0, 10_000).Select(_ => Settings.Backoff(round, random).TotalMilliseconds).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, 0, ceilingMs));
        Assert.InRange(waits.Average(), ceilingMs * 0.47, ceilingMs * 0.53);
        Assert.True(waits.Min() < ceilingMs * 0.02);
        Assert.True(waits.Max() > ceilingMs * 0.98);
    }

    [Fact]
    public void TheBudgetAllowsAtLeastTheMinimumConcurrentRetries()
    {
        var budget = new RetryBudget();
        using var request = budget.Enter();

        Assert.True(budget.TryStartRetry(Settings));
        Assert.True(budget.TryStartRetry(Settings));
        Assert.True(budget.TryStartRetry(Settings));
        Assert.False(budget.TryStartRetry(Settings));

        budget.EndRetry();
        Assert.True(budget.TryStartRetry(Settings));
    }

    [Fact]
    public void TheBudgetGrowsWithTheRequestsInFlight()
    {
        var budget = new RetryBudget();
        var requests = Enumerable.Range(0, 50).Select(_ => budget.Enter()).ToList();

        var granted = Enumerable.Range(0, 20).Count(_ => budget.TryStartRetry(Settings));

        Assert.Equal(10, granted);
        requests.ForEach(r => r.Dispose());
        Assert.Equal(0, budget.Active);
    }

    [Fact]
    public void ConcurrentRetriesNeverExceedTheBudget()
    {
        var budget = new RetryBudget();
        var requests = Enumerable.Range(0, 100).Select(_ => budget.Enter()).ToList();
        var granted = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (budget.TryStartRetry(Settings))
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(20, granted);
        requests.ForEach(r => r.Dispose());
    }

    [Fact]
    public void AZeroBudgetRefusesEveryRetry()
    {
        var budget = new RetryBudget();
        using var request = budget.Enter();

        Assert.False(budget.TryStartRetry(Settings with { BudgetRatio = 0, BudgetMinimum = 0 }));
    }
}
