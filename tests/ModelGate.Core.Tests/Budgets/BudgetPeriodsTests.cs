using ModelGate.Core.Budgets;
using ModelGate.Core.Governance;

namespace ModelGate.Core.Tests.Budgets;

public sealed class BudgetPeriodsTests
{
    // 2026-12-09 is a Wednesday.
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 9, 23, 59, 59, TimeSpan.Zero);

    [Theory]
    [InlineData(BudgetPeriod.Daily, "2026-12-09", "2026-12-10")]
    [InlineData(BudgetPeriod.Weekly, "2026-12-07", "2026-12-14")]
    [InlineData(BudgetPeriod.Monthly, "2026-12-01", "2027-01-01")]
    public void Periods_start_at_a_utc_midnight_and_end_at_the_next(BudgetPeriod period, string start, string end)
    {
        var first = BudgetPeriods.Start(period, Wednesday);
        Assert.Equal(DateOnly.Parse(start), first);
        Assert.Equal(new DateTimeOffset(DateOnly.Parse(end).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), BudgetPeriods.ResetsAt(period, first));
    }

    [Fact]
    public void A_time_in_another_offset_is_placed_by_its_utc_day()
    {
        var lateInNewYork = new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.FromHours(-5)); // 01:00 UTC on Dec 1
        Assert.Equal(new DateOnly(2026, 12, 1), BudgetPeriods.Start(BudgetPeriod.Monthly, lateInNewYork));
    }

    [Fact]
    public void A_week_starting_on_monday_contains_its_sunday()
    {
        var sunday = new DateTimeOffset(2026, 12, 13, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 12, 7), BudgetPeriods.Start(BudgetPeriod.Weekly, sunday));
    }

    [Fact]
    public void Never_counts_from_the_beginning_and_never_resets()
    {
        Assert.Equal(DateOnly.MinValue, BudgetPeriods.Start(BudgetPeriod.Never, Wednesday));
        Assert.Null(BudgetPeriods.ResetsAt(BudgetPeriod.Never, DateOnly.MinValue));
    }
}
