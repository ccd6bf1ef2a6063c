using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Budgets;
using ModelGate.Core.Governance;

namespace ModelGate.Core.Tests.Budgets;

public sealed class InMemoryBudgetTrackerTests
{
    private readonly FakeSpendLedger ledger = new();
    private readonly RecordingAlerts alerts = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 9, 12, 0, 0, TimeSpan.Zero));
    private IReadOnlyList<int> thresholds = [50, 100];

    private InMemoryBudgetTracker Tracker() => new(ledger, alerts, () => thresholds, time);

    private static BudgetSubject Key(decimal limit, BudgetPeriod period = BudgetPeriod.Monthly) =>
        new("key:key_a", "key 'a'", limit, period, "team_t");

    private static BudgetSubject Team(decimal limit) => new("team:team_t", "team 't'", limit, BudgetPeriod.Monthly, "team_t");

    [Fact]
    public void A_budget_of_n_allows_spending_exactly_n()
    {
        var tracker = Tracker();
        for (var i = 0; i < 10; i++)
        {
            var decision = tracker.TryReserve([Key(1.0m)], 0.1m);
            Assert.NotNull(decision.Lease);
            decision.Lease!.Settle(0.1m);
        }

        var refused = tracker.TryReserve([Key(1.0m)], 0.1m);
        Assert.Null(refused.Lease);
        Assert.Equal(1.0m, refused.Refusal!.Spent);
        Assert.Equal(0m, refused.Refusal.Remaining);
    }

    [Fact]
    public void A_spent_budget_refuses_even_a_free_request()
    {
        var tracker = Tracker();
        tracker.TryReserve([Key(1.0m)], 1.0m).Lease!.Settle(1.0m);
        Assert.Null(tracker.TryReserve([Key(1.0m)], 0m).Lease);
    }

    [Fact]
    public void A_request_whose_estimate_does_not_fit_is_refused_before_the_budget_is_spent()
    {
        var tracker = Tracker();
        tracker.TryReserve([Key(1.0m)], 0.9m).Lease!.Settle(0.9m);
        Assert.Null(tracker.TryReserve([Key(1.0m)], 0.2m).Lease);
        Assert.NotNull(tracker.TryReserve([Key(1.0m)], 0.1m).Lease);
    }

    [Fact]
    public async Task Parallel_reservations_never_pass_the_limit_together()
    {
        var tracker = Tracker();
        var start = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return tracker.TryReserve([Key(1.0m), Team(5m)], 0.1m).Lease;
        })).ToList();
        start.SetResult();
        var leases = await Task.WhenAll(tasks);

        Assert.Equal(10, leases.Count(lease => lease is not null));
        Assert.Equal(1.0m, tracker.StatusOf(Key(1.0m)).Reserved);
        Assert.Equal(1.0m, tracker.StatusOf(Team(5m)).Reserved);
    }

    [Fact]
    public void A_refusal_by_the_team_reserves_nothing_on_the_key()
    {
        var tracker = Tracker();
        var decision = tracker.TryReserve([Key(10m), Team(0.05m)], 0.1m);

        Assert.Null(decision.Lease);
        Assert.Equal("team:team_t", decision.Refusal!.Subject.Id);
        Assert.Equal(0m, tracker.StatusOf(Key(10m)).Reserved);
    }

    [Fact]
    public void Settling_replaces_the_reservation_with_the_real_cost_once()
    {
        var tracker = Tracker();
        var lease = tracker.TryReserve([Key(1.0m)], 0.5m).Lease!;
        Assert.Equal(0.5m, tracker.StatusOf(Key(1.0m)).Reserved);

        lease.Settle(0.2m);
        lease.Settle(0.2m);

        var status = tracker.StatusOf(Key(1.0m));
        Assert.Equal(0m, status.Reserved);
        Assert.Equal(0.2m, status.Spent);
        Assert.Equal(0.8m, status.Remaining);
    }

    [Fact]
    public void Spend_already_in_the_ledger_counts_and_is_read_once_per_period()
    {
        ledger.Stored[("key:key_a", new DateOnly(2026, 12, 1))] = 0.95m;
        var tracker = Tracker();

        Assert.Null(tracker.TryReserve([Key(1.0m)], 0.1m).Lease);
        Assert.NotNull(tracker.TryReserve([Key(1.0m)], 0.05m).Lease);
        Assert.Equal(1, ledger.Reads);
    }

    [Fact]
    public void A_new_period_starts_from_what_the_ledger_holds_for_it()
    {
        var tracker = Tracker();
        tracker.TryReserve([Key(1.0m, BudgetPeriod.Daily)], 1.0m).Lease!.Settle(1.0m);
        Assert.Null(tracker.TryReserve([Key(1.0m, BudgetPeriod.Daily)], 0.1m).Lease);

        time.Advance(TimeSpan.FromHours(12));
        var status = tracker.StatusOf(Key(1.0m, BudgetPeriod.Daily));

        Assert.Equal(new DateOnly(2026, 12, 10), status.PeriodStart);
        Assert.Equal(0m, status.Spent);
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 0, 0, 0, TimeSpan.Zero), status.ResetsAt);
        Assert.NotNull(tracker.TryReserve([Key(1.0m, BudgetPeriod.Daily)], 0.1m).Lease);
    }

    [Fact]
    public void A_cost_settled_after_the_period_turned_counts_in_the_new_period()
    {
        var tracker = Tracker();
        var lease = tracker.TryReserve([Key(1.0m, BudgetPeriod.Daily)], 0.3m).Lease!;
        time.Advance(TimeSpan.FromHours(13));
        lease.Settle(0.3m);

        var status = tracker.StatusOf(Key(1.0m, BudgetPeriod.Daily));
        Assert.Equal(0.3m, status.Spent);
        Assert.Equal(0m, status.Reserved);
    }

    [Fact]
    public void Each_threshold_raises_one_alert_when_crossed()
    {
        var tracker = Tracker();
        tracker.TryReserve([Key(1.0m)], 0.4m).Lease!.Settle(0.4m);
        Assert.Empty(alerts.Raised);

        tracker.TryReserve([Key(1.0m)], 0.2m).Lease!.Settle(0.2m);
        var half = Assert.Single(alerts.Raised);
        Assert.Equal(50, half.Percent);
        Assert.Equal(0.6m, half.Spent);
        Assert.Equal(new DateOnly(2026, 12, 1), half.PeriodStart);

        tracker.TryReserve([Key(1.0m)], 0.1m).Lease!.Settle(0.1m);
        Assert.Single(alerts.Raised);

        tracker.TryReserve([Key(1.0m)], 0.3m).Lease!.Settle(0.3m);
        Assert.Equal([50, 100], alerts.Raised.Select(alert => alert.Percent));
    }

    [Fact]
    public void Thresholds_already_crossed_before_a_restart_are_not_raised_again()
    {
        ledger.Stored[("key:key_a", new DateOnly(2026, 12, 1))] = 0.7m;
        var tracker = Tracker();
        tracker.TryReserve([Key(1.0m)], 0.1m).Lease!.Settle(0.1m);
        Assert.Empty(alerts.Raised);
    }
}
