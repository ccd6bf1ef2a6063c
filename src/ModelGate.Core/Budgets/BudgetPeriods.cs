using ModelGate.Core.Governance;

namespace ModelGate.Core.Budgets;

/// <summary>
/// Budget periods on the UTC calendar: a day from midnight, a week from Monday, a month from its first day. Every
/// period starts at a midnight, so spend kept per day adds up to any period exactly.
/// </summary>
public static class BudgetPeriods
{
    /// <summary>The first day of the period <paramref name="now"/> falls in; <see cref="DateOnly.MinValue"/> for <see cref="BudgetPeriod.Never"/>.</summary>
    public static DateOnly Start(BudgetPeriod period, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return period switch
        {
            BudgetPeriod.Daily => today,
            BudgetPeriod.Weekly => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
            BudgetPeriod.Monthly => new DateOnly(today.Year, today.Month, 1),
            _ => DateOnly.MinValue,
        };
    }

    /// <summary>When the period that started on <paramref name="start"/> ends and the budget starts again from zero; null for never.</summary>
    public static DateTimeOffset? ResetsAt(BudgetPeriod period, DateOnly start)
    {
        DateOnly? end = period switch
        {
            BudgetPeriod.Daily => start.AddDays(1),
            BudgetPeriod.Weekly => start.AddDays(7),
            BudgetPeriod.Monthly => start.AddMonths(1),
            _ => null,
        };
        return end is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
    }

    public static string Describe(BudgetPeriod period) => period switch
    {
        BudgetPeriod.Daily => "per day",
        BudgetPeriod.Weekly => "per week",
        BudgetPeriod.Monthly => "per month",
        _ => "in total",
    };
}
