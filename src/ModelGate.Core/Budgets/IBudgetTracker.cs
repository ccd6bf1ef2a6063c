namespace ModelGate.Core.Budgets;

/// <summary>
/// Keeps each budget's spend in its current period and the amounts reserved by requests in flight. The in-memory
/// implementation serves one process; a shared one (Redis) can replace it behind this interface.
/// </summary>
public interface IBudgetTracker
{
    /// <summary>
    /// Reserves <paramref name="estimate"/> (USD) against every subject's budget at once, or against none. A budget of
    /// N allows spending up to N: a request is admitted while spent + reserved + its estimate stays within N.
    /// </summary>
    BudgetDecision TryReserve(IReadOnlyList<BudgetSubject> subjects, decimal estimate);

    /// <summary>Where <paramref name="subject"/> stands in its current period.</summary>
    BudgetStatus StatusOf(BudgetSubject subject);
}

/// <summary>What an admitted request holds against its budgets.</summary>
public interface IBudgetLease
{
    /// <summary>Replaces the reservation with the real <paramref name="cost"/> (USD). Only the first call counts.</summary>
    void Settle(decimal cost);
}

/// <summary>A lease when admitted, else the budget that refused and where it stood.</summary>
public sealed record BudgetDecision(IBudgetLease? Lease, BudgetStatus? Refusal, decimal Estimate);

/// <summary>One budget in its current period.</summary>
/// <param name="Spent">Settled spend since <paramref name="PeriodStart"/>.</param>
/// <param name="Reserved">Held by requests still running.</param>
/// <param name="ResetsAt">When the period ends; null for a budget that never resets.</param>
public sealed record BudgetStatus(BudgetSubject Subject, DateOnly PeriodStart, DateTimeOffset? ResetsAt, decimal Spent, decimal Reserved)
{
    public decimal Remaining => Math.Max(0, Subject.Limit - Spent - Reserved);
}
