using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Routing;

namespace ModelGate.Core.Tests.Routing;

/// <summary>The circuit breaker, driven by a fake clock: in-flight counting, cooldowns, half-open probes, latency.</summary>
public sealed class InMemoryDeploymentHealthTests
{
    private const string Deployment = "openai/gpt-4o";
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDeploymentHealth health;
    private CooldownSettings settings = new(3, Base, Max);

    public InMemoryDeploymentHealthTests() => health = new InMemoryDeploymentHealth(() => settings, time);

    private static AttemptResult Failure(TimeSpan? retryAfter = null) => new(AttemptKind.Failure, RetryAfter: retryAfter);

    private static AttemptResult Success(double latencyMs = 50) => new(AttemptKind.Success, TimeSpan.FromMilliseconds(latencyMs));

    /// <summary>Admits one request and completes it with <paramref name="result"/>; fails the test if it was refused.</summary>
    private void Attempt(AttemptResult result, string deployment = Deployment)
    {
        Assert.True(health.TryAdmit(deployment, out _, out var probe), $"expected {deployment} to admit");
        health.Complete(deployment, result with { Probe = probe });
    }

    private void FailTimes(int count, string deployment = Deployment)
    {
        for (var i = 0; i < count; i++)
        {
            Attempt(Failure(), deployment);
        }
    }

    private TimeSpan RefusedFor(string deployment = Deployment)
    {
        Assert.False(health.TryAdmit(deployment, out var retryAfter, out _), $"expected {deployment} to refuse");
        return retryAfter;
    }

    /// <summary>Ejects the deployment (threshold failures) and lets the first cooldown run out.</summary>
    private void EjectAndWaitOut()
    {
        FailTimes(settings.Failures);
        time.Advance(Base);
    }

    [Fact]
    public void HealthyDeploymentAdmitsAndCountsInFlight()
    {
        Assert.True(health.TryAdmit(Deployment, out var first, out _));
        Assert.True(health.TryAdmit(Deployment, out var second, out _));

        Assert.Equal(TimeSpan.Zero, first);
        Assert.Equal(TimeSpan.Zero, second);
        Assert.Equal(2, health.Snapshot(Deployment).InFlight);
    }

    [Fact]
    public void CompleteReleasesTheSlot()
    {
        Assert.True(health.TryAdmit(Deployment, out _, out _));
        Assert.True(health.TryAdmit(Deployment, out _, out _));

        health.Complete(Deployment, Success());
        Assert.Equal(1, health.Snapshot(Deployment).InFlight);
        health.Complete(Deployment, AttemptResult.Neutral);
        Assert.Equal(0, health.Snapshot(Deployment).InFlight);
    }

    [Fact]
    public void UnmatchedCompleteDoesNotMakeInFlightNegative()
    {
        health.Complete(Deployment, AttemptResult.Neutral);

        Assert.Equal(0, health.Snapshot(Deployment).InFlight);
    }

    [Fact]
    public void SnapshotOfAnUnknownDeploymentIsEmpty()
    {
        Assert.Equal(new DeploymentSnapshot(0, null, 0, null), health.Snapshot("nobody/nothing"));
    }

    [Fact]
    public void FailuresBelowTheThresholdDoNotEject()
    {
        FailTimes(2);

        var snapshot = health.Snapshot(Deployment);
        Assert.Equal(2, snapshot.ConsecutiveFailures);
        Assert.Null(snapshot.CooldownUntil);
        Assert.True(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void ThresholdFailuresInARowEjectForTheBaseCooldown()
    {
        FailTimes(3);

        Assert.Equal(time.GetUtcNow() + Base, health.Snapshot(Deployment).CooldownUntil);
        Assert.Equal(3, health.Snapshot(Deployment).ConsecutiveFailures);
        Assert.Equal(Base, RefusedFor());
    }

    [Fact]
    public void RefusalReportsTheRemainingCooldown()
    {
        FailTimes(3);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(3), RefusedFor());

        time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Equal(TimeSpan.FromMilliseconds(1), RefusedFor());
    }

    [Fact]
    public void RefusalDoesNotTakeASlot()
    {
        FailTimes(3);

        RefusedFor();
        RefusedFor();

        Assert.Equal(0, health.Snapshot(Deployment).InFlight);
    }

    [Fact]
    public void ThresholdComesFromTheCurrentSettings()
    {
        settings = settings with { Failures = 1 };

        FailTimes(1);

        Assert.Equal(Base, RefusedFor());
    }

    [Fact]
    public void SettingsAreReadAtEachCompletionSoAReloadApplies()
    {
        FailTimes(2);
        settings = settings with { Failures = 5 };

        FailTimes(2);

        Assert.Null(health.Snapshot(Deployment).CooldownUntil);
        FailTimes(1);
        Assert.NotNull(health.Snapshot(Deployment).CooldownUntil);
    }

    [Fact]
    public void DeploymentsHaveSeparateHealth()
    {
        FailTimes(3);

        Assert.True(health.TryAdmit("azure/gpt-4o", out var retryAfter, out _));
        Assert.Equal(TimeSpan.Zero, retryAfter);
        Assert.Equal(new DeploymentSnapshot(1, null, 0, null), health.Snapshot("azure/gpt-4o"));
    }

    [Fact]
    public void AfterTheCooldownOneProbeIsAdmittedAndTheOthersAreRefused()
    {
        EjectAndWaitOut();

        Assert.True(health.TryAdmit(Deployment, out var probeWait, out _));
        Assert.Equal(TimeSpan.Zero, probeWait);
        Assert.False(health.TryAdmit(Deployment, out var wait, out _));
        Assert.True(wait > TimeSpan.Zero);
        Assert.False(health.TryAdmit(Deployment, out _, out _));
        Assert.Equal(1, health.Snapshot(Deployment).InFlight);
    }

    [Fact]
    public void ProbeStillInFlightLongAfterTheCooldownKeepsOthersOut()
    {
        EjectAndWaitOut();
        Assert.True(health.TryAdmit(Deployment, out _, out _));

        time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void AStreamingProbeClosesTheCircuitAtItsFirstEventWhileItStillHoldsItsSlot()
    {
        EjectAndWaitOut();
        Assert.True(health.TryAdmit(Deployment, out _, out var probe));
        Assert.True(probe);

        health.Answered(Deployment, TimeSpan.FromMilliseconds(40), probe);

        Assert.True(health.TryAdmit(Deployment, out _, out var second));
        Assert.False(second);
        Assert.Equal(2, health.Snapshot(Deployment).InFlight);
        Assert.Equal(40, health.Snapshot(Deployment).LatencyMs);
        health.Complete(Deployment, AttemptResult.Neutral with { Probe = true });
        Assert.Equal(1, health.Snapshot(Deployment).InFlight);
        Assert.Null(health.Snapshot(Deployment).CooldownUntil);
    }

    [Fact]
    public void ProbeSuccessClosesTheCircuit()
    {
        EjectAndWaitOut();
        Attempt(Success());

        var snapshot = health.Snapshot(Deployment);
        Assert.Equal(0, snapshot.ConsecutiveFailures);
        Assert.Null(snapshot.CooldownUntil);
        Assert.True(health.TryAdmit(Deployment, out _, out _));
        Assert.True(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void AfterAProbeSuccessTheNextEjectionStartsAgainAtBase()
    {
        EjectAndWaitOut();
        Attempt(Failure());
        time.Advance(2 * Base);
        Attempt(Success());

        FailTimes(2);
        Assert.Null(health.Snapshot(Deployment).CooldownUntil);
        FailTimes(1);

        Assert.Equal(Base, RefusedFor());
    }

    [Fact]
    public void ProbeFailureReEjectsWithDoubledCooldown()
    {
        EjectAndWaitOut();

        Attempt(Failure());

        Assert.Equal(2 * Base, RefusedFor());
        Assert.Equal(4, health.Snapshot(Deployment).ConsecutiveFailures);
    }

    [Fact]
    public void EachFailedProbeDoublesTheCooldownUpToMax()
    {
        EjectAndWaitOut();
        var expected = new[] { 10, 20, 40, 60, 60, 60 };

        foreach (var seconds in expected)
        {
            Attempt(Failure());
            var wait = RefusedFor();
            Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
            time.Advance(wait);
        }
    }

    [Fact]
    public void ProbeFailureReEjectsEvenWhenTheThresholdIsHigh()
    {
        settings = settings with { Failures = 3 };
        EjectAndWaitOut();
        settings = settings with { Failures = 100 };

        Attempt(Failure());

        Assert.Equal(2 * Base, RefusedFor());
    }

    [Fact]
    public void NeutralProbeOutcomeLetsTheNextRequestProbe()
    {
        EjectAndWaitOut();
        Attempt(AttemptResult.Neutral);

        Assert.NotNull(health.Snapshot(Deployment).CooldownUntil);
        Assert.True(health.TryAdmit(Deployment, out _, out _));
        Assert.False(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void FailureWithRetryAfterCoolsDownAtOnceBelowTheThreshold()
    {
        Attempt(Failure(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, health.Snapshot(Deployment).ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(30), RefusedFor());
    }

    [Fact]
    public void RetryAfterIsCappedAtMax()
    {
        Attempt(Failure(TimeSpan.FromHours(1)));

        Assert.Equal(Max, RefusedFor());
    }

    [Fact]
    public void RetryAfterShorterThanBaseIsTakenAsIs()
    {
        Attempt(Failure(TimeSpan.FromMilliseconds(300)));

        Assert.Equal(TimeSpan.FromMilliseconds(300), RefusedFor());
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void ZeroRetryAfterCountsAsAPlainFailure()
    {
        Attempt(Failure(TimeSpan.Zero));

        Assert.Null(health.Snapshot(Deployment).CooldownUntil);
        Assert.True(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void AfterARetryAfterCooldownTheNextRequestIsAProbe()
    {
        Attempt(Failure(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(health.TryAdmit(Deployment, out _, out var probe));
        Assert.False(health.TryAdmit(Deployment, out _, out _));
        health.Complete(Deployment, Failure() with { Probe = probe });

        Assert.Equal(Base, RefusedFor());
    }

    [Fact]
    public void NeutralResultsChangeNothing()
    {
        FailTimes(2);
        Attempt(AttemptResult.Neutral);
        Attempt(new AttemptResult(AttemptKind.Neutral, TimeSpan.FromMilliseconds(500)));

        var snapshot = health.Snapshot(Deployment);
        Assert.Equal(2, snapshot.ConsecutiveFailures);
        Assert.Null(snapshot.LatencyMs);
        Assert.Null(snapshot.CooldownUntil);

        FailTimes(1);
        Assert.Equal(Base, RefusedFor());
    }

    [Fact]
    public void SuccessResetsTheFailureCount()
    {
        FailTimes(2);
        Attempt(Success());
        Assert.Equal(0, health.Snapshot(Deployment).ConsecutiveFailures);

        FailTimes(2);
        Assert.Null(health.Snapshot(Deployment).CooldownUntil);
        Assert.True(health.TryAdmit(Deployment, out _, out _));
    }

    [Fact]
    public void LatencyIsNullUntilTheFirstSuccess()
    {
        Attempt(new AttemptResult(AttemptKind.Failure, TimeSpan.FromMilliseconds(900)));

        Assert.Null(health.Snapshot(Deployment).LatencyMs);
    }

    [Fact]
    public void FirstLatencySampleIsTakenAsIsThenAveragedWithWeightPointThree()
    {
        Attempt(Success(100));
        Assert.Equal(100, health.Snapshot(Deployment).LatencyMs!.Value, precision: 9);

        Attempt(Success(200));
        Assert.Equal(130, health.Snapshot(Deployment).LatencyMs!.Value, precision: 9);

        Attempt(Success(30));
        Assert.Equal(100, health.Snapshot(Deployment).LatencyMs!.Value, precision: 9);
    }

    [Fact]
    public void FailuresDoNotMoveTheLatencyAverage()
    {
        Attempt(Success(100));
        Attempt(new AttemptResult(AttemptKind.Failure, TimeSpan.FromSeconds(30)));

        Assert.Equal(100, health.Snapshot(Deployment).LatencyMs!.Value, precision: 9);
    }

    [Fact]
    public async Task ManyParallelAdmitsAndCompletesLeaveNothingInFlight()
    {
        string[] deployments = ["a/m", "b/m", "c/m"];
        var admitted = 0;

        await Parallel.ForAsync(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (i, cancellation) =>
        {
            var deployment = deployments[i % deployments.Length];
            if (health.TryAdmit(deployment, out _, out _))
            {
                Interlocked.Increment(ref admitted);
                _ = health.Snapshot(deployment);
                health.Complete(deployment, i % 2 == 0 ? Success(i % 100) : AttemptResult.Neutral);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(20_000, admitted);
        Assert.All(deployments, d => Assert.Equal(0, health.Snapshot(d).InFlight));
    }

    [Fact]
    public async Task ParallelRequestsAfterACooldownAdmitExactlyOneProbe()
    {
        EjectAndWaitOut();
        var admitted = 0;

        await Parallel.ForAsync(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (_, _) =>
        {
            if (health.TryAdmit(Deployment, out _, out _))
            {
                Interlocked.Increment(ref admitted);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(1, admitted);
        Assert.Equal(1, health.Snapshot(Deployment).InFlight);
    }

    // ---- Requests admitted before an ejection that complete afterwards ("stale" requests). ----

    [Fact]
    public void ConcurrentFailuresInOneBurstEjectOnceForBase()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.True(health.TryAdmit(Deployment, out _, out _));
        }

        for (var i = 0; i < 5; i++)
        {
            health.Complete(Deployment, Failure());
        }

        // Today: ejections 1, 2, 3 -> 5 s, then 10 s, then 20 s.
        Assert.Equal(Base, RefusedFor());
    }

    [Fact]
    public void StaleCompletionDuringTheProbeDoesNotAdmitASecondProbe()
    {
        Assert.True(health.TryAdmit(Deployment, out _, out _)); // a slow request, still in flight through what follows
        FailTimes(3);
        time.Advance(Base);
        Assert.True(health.TryAdmit(Deployment, out _, out _)); // the probe

        health.Complete(Deployment, AttemptResult.Neutral); // the slow request ends (e.g. the client went away)

        Assert.False(health.TryAdmit(Deployment, out _, out _)); // the probe is still in flight
    }

    [Fact]
    public void RetryAfterDoesNotShortenALongerCooldown()
    {
        Assert.True(health.TryAdmit(Deployment, out _, out _)); // a slow request
        EjectAndWaitOut();
        Attempt(Failure()); // probe fails: 10 s

        health.Complete(Deployment, Failure(TimeSpan.FromSeconds(1))); // the slow request gets a 429 with retry-after: 1

        Assert.Equal(2 * Base, RefusedFor());
    }
}
