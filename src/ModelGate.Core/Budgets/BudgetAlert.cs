namespace ModelGate.Core.Budgets;

/// <summary>A budget's spend crossed one of the alert thresholds in its current period.</summary>
/// <param name="Percent">The share of the limit crossed, e.g. 80.</param>
public sealed record BudgetAlert(BudgetSubject Subject, int Percent, decimal Spent, DateOnly PeriodStart, DateTimeOffset At);

/// <summary>Where alerts go (log, store, webhook). Must not block: it is called as requests finish.</summary>
public interface IBudgetAlertSink
{
    void Raise(BudgetAlert alert);
}
