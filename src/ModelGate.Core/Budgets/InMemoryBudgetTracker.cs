using ModelGate.Core.Spend;

namespace ModelGate.Core.Budgets;

/// <summary>
/// Budgets of one gateway process, under one lock: a reservation checks and holds every subject's budget at once, so
/// parallel requests can never together pass a limit on their estimates. A subject's spend in its period is read
/// from the ledger when the subject is first seen and again when a new period starts; after that it is kept here.
/// </summary>
/// <param name="thresholds">The alert thresholds now in force (percents of a limit), read at each settlement.</param>
public sealed class InMemoryBudgetTracker(ISpendLedger ledger, IBudgetAlertSink alerts, Func<IReadOnlyList<int>> thresholds, TimeProvider time)
    : IBudgetTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Account> accounts = new(StringComparer.Ordinal);

    public BudgetDecision TryReserve(IReadOnlyList<BudgetSubject> subjects, decimal estimate)
    {
        var now = time.GetUtcNow();
        var held = new Account[subjects.Count];
        lock (gate)
        {
            for (var i = 0; i < subjects.Count; i++)
            {
                var account = held[i] = AccountOf(subjects[i], now);
                var committed = account.Spent + account.Reserved;
                if (committed >= subjects[i].Limit || committed + estimate > subjects[i].Limit)
                {
                    return new BudgetDecision(null, Status(subjects[i], account), estimate);
                }
            }

            foreach (var account in held)
            {
                account.Reserved += estimate;
            }
        }

        return new BudgetDecision(new Lease(this, subjects, held, estimate), null, estimate);
    }

    public BudgetStatus StatusOf(BudgetSubject subject)
    {
        lock (gate)
        {
            return Status(subject, AccountOf(subject, time.GetUtcNow()));
        }
    }

    private void Settle(IReadOnlyList<BudgetSubject> subjects, Account[] held, decimal estimate, decimal cost)
    {
        var now = time.GetUtcNow();
        List<BudgetAlert>? raised = null;
        lock (gate)
        {
            for (var i = 0; i < subjects.Count; i++)
            {
                held[i].Reserved -= estimate;
                // The period may have turned while the request ran: its cost counts in the period it ended in.
                var account = AccountOf(subjects[i], now);
                var before = account.Spent;
                account.Spent += cost;
                var percents = thresholds();
                for (var t = 0; t < percents.Count; t++)
                {
                    var line = subjects[i].Limit * percents[t] / 100m;
                    if (before < line && account.Spent >= line)
                    {
                        (raised ??= []).Add(new BudgetAlert(subjects[i], percents[t], account.Spent, account.PeriodStart, now));
                    }
                }
            }
        }

        if (raised is null)
        {
            return;
        }

        foreach (var alert in raised)
        {
            alerts.Raise(alert);
        }
    }

    private Account AccountOf(BudgetSubject subject, DateTimeOffset now)
    {
        var start = BudgetPeriods.Start(subject.Period, now);
        if (!accounts.TryGetValue(subject.Id, out var account))
        {
            accounts[subject.Id] = account = new Account { PeriodStart = start, Spent = ledger.SpentSince(subject.Id, start) };
        }
        else if (account.PeriodStart != start)
        {
            // A new period (or a changed period setting): what counts is what the ledger holds since its start.
            account.PeriodStart = start;
            account.Spent = ledger.SpentSince(subject.Id, start);
        }

        return account;
    }

    private static BudgetStatus Status(BudgetSubject subject, Account account) =>
        new(subject, account.PeriodStart, BudgetPeriods.ResetsAt(subject.Period, account.PeriodStart), account.Spent, account.Reserved);

    private sealed class Account
    {
        public DateOnly PeriodStart;
        public decimal Spent;
        public decimal Reserved;
    }

    private sealed class Lease(InMemoryBudgetTracker tracker, IReadOnlyList<BudgetSubject> subjects, Account[] held, decimal estimate) : IBudgetLease
    {
        private int settled;

        public void Settle(decimal cost)
        {
            if (Interlocked.Exchange(ref settled, 1) == 0)
            {
                tracker.Settle(subjects, held, estimate, cost);
            }
        }
    }
}
