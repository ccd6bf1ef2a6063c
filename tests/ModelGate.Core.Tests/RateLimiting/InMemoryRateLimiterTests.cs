using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.RateLimiting;

namespace ModelGate.Core.Tests.RateLimiting;

public sealed class InMemoryRateLimiterTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRateLimiter limiter;

    public InMemoryRateLimiterTests() => limiter = new InMemoryRateLimiter(time);

    private static RateLimitSubject Key(int? rpm = null, int? tpm = null, int? parallel = null, string id = "key:a") =>
        new(id, $"key '{id}'", new RateLimits(rpm, tpm, parallel));

    [Fact]
    public void A_limit_of_n_admits_exactly_n_requests_in_a_window()
    {
        var key = Key(rpm: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(limiter.TryAcquire([key], 0).Lease);
        }

        var refused = limiter.TryAcquire([key], 0);
        Assert.Null(refused.Lease);
        Assert.Equal(RateLimitKind.Requests, refused.Refusal!.Kind);
        Assert.Equal(3, refused.Refusal.Limit);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.Refusal.RetryAfter);
        Assert.Equal(new RateLimitState(3, 0, TimeSpan.FromMinutes(1)), refused.Requests);
    }

    [Fact]
    public void A_request_counts_for_exactly_one_window_after_it_was_admitted()
    {
        var key = Key(rpm: 2);
        limiter.TryAcquire([key], 0);
        time.Advance(TimeSpan.FromSeconds(30));
        limiter.TryAcquire([key], 0);

        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var early = limiter.TryAcquire([key], 0);
        Assert.Null(early.Lease);
        Assert.Equal(TimeSpan.FromTicks(1), early.Refusal!.RetryAfter);

        time.Advance(TimeSpan.FromTicks(1)); // the first request is now 60 s old: it no longer counts
        var admitted = limiter.TryAcquire([key], 0);
        Assert.NotNull(admitted.Lease);
        Assert.Equal(0, admitted.Requests!.Value.Remaining);
        Assert.Equal(TimeSpan.FromMinutes(1), admitted.Requests.Value.Reset);

        // The second (30 s in) still counts: no burst at a boundary.
        Assert.Null(limiter.TryAcquire([key], 0).Lease);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(limiter.TryAcquire([key], 0).Lease);
    }

    [Fact]
    public void Tokens_up_to_the_limit_pass_and_one_more_is_refused_until_the_reservation_leaves_the_window()
    {
        var key = Key(tpm: 100);
        Assert.NotNull(limiter.TryAcquire([key], 60).Lease);
        var fits = limiter.TryAcquire([key], 40);
        Assert.NotNull(fits.Lease);
        Assert.Equal(new RateLimitState(100, 0, TimeSpan.FromMinutes(1)), fits.Tokens);

        time.Advance(TimeSpan.FromSeconds(10));
        var refused = limiter.TryAcquire([key], 1);
        Assert.Equal(RateLimitKind.Tokens, refused.Refusal!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(50), refused.Refusal.RetryAfter); // the first 60 tokens free enough
    }

    [Fact]
    public void Settling_replaces_the_estimate_with_the_real_usage()
    {
        var key = Key(tpm: 100);
        var lease = limiter.TryAcquire([key], 90).Lease!;
        Assert.Null(limiter.TryAcquire([key], 20).Lease);

        lease.Release(30);
        var after = limiter.TryAcquire([key], 20);
        Assert.NotNull(after.Lease);
        Assert.Equal(50, after.Tokens!.Value.Remaining);

        lease.Release(90); // only the first release counts
        Assert.Equal(50, limiter.TryAcquire([Key(rpm: 100, id: "key:b"), key], 0).Tokens!.Value.Remaining);
    }

    [Fact]
    public void Release_without_usage_keeps_the_estimate_and_a_late_settlement_changes_nothing()
    {
        var key = Key(tpm: 100);
        limiter.TryAcquire([key], 50).Lease!.Release(null);
        Assert.Equal(50, limiter.TryAcquire([key], 0).Tokens!.Value.Remaining);

        var late = limiter.TryAcquire([key], 50).Lease!;
        time.Advance(TimeSpan.FromMinutes(1));
        late.Release(1000);
        Assert.Equal(100, limiter.TryAcquire([key], 0).Tokens!.Value.Remaining);
    }

    [Fact]
    public void A_request_larger_than_the_whole_limit_is_refused_for_good()
    {
        var refused = limiter.TryAcquire([Key(tpm: 100)], 101).Refusal!;
        Assert.True(refused.NeverFits);
        Assert.Equal(101, refused.Requested);
    }

    [Fact]
    public void Parallel_slots_are_freed_by_release()
    {
        var key = Key(parallel: 2);
        var first = limiter.TryAcquire([key], 0).Lease!;
        Assert.NotNull(limiter.TryAcquire([key], 0).Lease);
        var refused = limiter.TryAcquire([key], 0).Refusal!;
        Assert.Equal(RateLimitKind.Parallel, refused.Kind);
        Assert.Equal(InMemoryRateLimiter.ParallelRetryAfter, refused.RetryAfter);

        first.Release(null);
        first.Release(null); // twice frees one slot, not two
        Assert.NotNull(limiter.TryAcquire([key], 0).Lease);
        Assert.Null(limiter.TryAcquire([key], 0).Lease);
    }

    [Fact]
    public void A_refusal_by_one_subject_counts_nowhere()
    {
        var key = Key(rpm: 10, id: "key:a");
        var team = Key(rpm: 1, id: "team:t");
        Assert.NotNull(limiter.TryAcquire([key, team], 0).Lease);
        var refused = limiter.TryAcquire([key, team], 0);
        Assert.Equal("team:t", refused.Refusal!.Subject.Id);
        Assert.Equal(new RateLimitState(1, 0, TimeSpan.FromMinutes(1)), refused.Requests); // the tightest

        var alone = limiter.TryAcquire([key], 0);
        Assert.Equal(8, alone.Requests!.Value.Remaining); // the refused request was not counted on the key
    }

    [Fact]
    public void Subjects_without_limits_are_not_counted()
    {
        var decision = limiter.TryAcquire([Key()], 10);
        Assert.NotNull(decision.Lease);
        Assert.Null(decision.Requests);
        Assert.Null(decision.Tokens);
    }

    [Fact]
    public async Task Hundred_parallel_acquisitions_against_a_limit_of_ten_admit_exactly_ten()
    {
        var key = Key(rpm: 10, id: "key:rpm");
        var shared = Key(parallel: 10, id: "team:parallel");
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 100).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return (Rpm: limiter.TryAcquire([key], 1).Lease is not null, Parallel: limiter.TryAcquire([shared], 1).Lease is not null);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(10, results.Count(r => r.Rpm));
        Assert.Equal(10, results.Count(r => r.Parallel));
    }
}
