namespace ModelGate.Core.Budgets;

/// <summary>The budget alerts raised, kept for the admin API.</summary>
public interface IBudgetAlertLog
{
    Task AppendAsync(BudgetAlert alert, CancellationToken cancellation = default);

    /// <summary>Newest first; only <paramref name="teamId"/>'s (its keys' and its own) when given.</summary>
    Task<IReadOnlyList<BudgetAlertRecord>> ListAsync(string? teamId, int limit, CancellationToken cancellation = default);
}

/// <param name="SubjectId"><c>key:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>.</param>
public sealed record BudgetAlertRecord(
    long Id,
    DateTimeOffset At,
    string SubjectId,
    string SubjectName,
    string? TeamId,
    int Percent,
    decimal SpentUsd,
    decimal LimitUsd,
    string BudgetPeriod,
    DateOnly PeriodStart);
