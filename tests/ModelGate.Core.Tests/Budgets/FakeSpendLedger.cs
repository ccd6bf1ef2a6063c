using System.Collections.Concurrent;
using ModelGate.Core.Spend;

namespace ModelGate.Core.Tests.Budgets;

/// <summary>A ledger whose stored spend the test sets, and which counts how often it is read.</summary>
internal sealed class FakeSpendLedger : ISpendLedger
{
    public ConcurrentDictionary<(string Subject, DateOnly From), decimal> Stored { get; } = new();

    public int Reads;

    public void Record(SpendEntry entry)
    {
    }

    public decimal SpentSince(string subjectId, DateOnly from)
    {
        Interlocked.Increment(ref Reads);
        return Stored.GetValueOrDefault((subjectId, from));
    }

    public Task<IReadOnlyList<SpendRow>> QueryAsync(SpendQuery query, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<SpendRow>>([]);

    public Task FlushAsync(CancellationToken cancellation = default) => Task.CompletedTask;
}

internal sealed class RecordingAlerts : ModelGate.Core.Budgets.IBudgetAlertSink
{
    public ConcurrentQueue<ModelGate.Core.Budgets.BudgetAlert> Raised { get; } = new();

    public void Raise(ModelGate.Core.Budgets.BudgetAlert alert) => Raised.Enqueue(alert);
}
