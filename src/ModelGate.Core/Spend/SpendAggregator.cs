namespace ModelGate.Core.Spend;

/// <summary>
/// Adds finished requests up per <see cref="SpendBucket"/> in memory until a ledger writes them. A batch taken for
/// writing stays readable (<see cref="PendingFor"/>) until the ledger says it is written, so a read of the store plus
/// the pending sums never misses spend (it may count a batch twice while it commits, which errs high).
/// </summary>
public sealed class SpendAggregator
{
    private readonly Lock gate = new();
    private Dictionary<SpendBucket, SpendTotals> current = [];
    private Dictionary<SpendBucket, SpendTotals>? writing;

    public void Add(SpendEntry entry)
    {
        var bucket = SpendBucket.Of(entry);
        lock (gate)
        {
            if (!current.TryGetValue(bucket, out var totals))
            {
                current[bucket] = totals = new SpendTotals();
            }

            totals.Add(entry.Usage, entry.Cost);
        }
    }

    /// <summary>Takes everything added so far for writing; null when there is nothing or a batch is still being written.</summary>
    public IReadOnlyDictionary<SpendBucket, SpendTotals>? TakeBatch()
    {
        lock (gate)
        {
            if (writing is not null || current.Count == 0)
            {
                return null;
            }

            (writing, current) = (current, []);
            return writing;
        }
    }

    /// <summary>The batch from <see cref="TakeBatch"/> is in the store (or, when <paramref name="written"/> is false, goes back to be written again).</summary>
    public void BatchDone(bool written)
    {
        lock (gate)
        {
            if (!written && writing is not null)
            {
                foreach (var (bucket, totals) in writing)
                {
                    if (current.TryGetValue(bucket, out var newer))
                    {
                        Merge(totals, newer);
                    }

                    current[bucket] = totals;
                }
            }

            writing = null;
        }
    }

    /// <summary>The cost in nano-dollars not yet in the store for <paramref name="subjectId"/> from <paramref name="from"/>.</summary>
    public long PendingFor(string subjectId, DateOnly from)
    {
        lock (gate)
        {
            return Sum(current, subjectId, from) + (writing is null ? 0 : Sum(writing, subjectId, from));
        }
    }

    /// <summary>Every bucket not yet in the store, copied.</summary>
    public IReadOnlyList<(SpendBucket Bucket, SpendTotals Totals)> Pending()
    {
        lock (gate)
        {
            return current.Concat(writing ?? []).Select(pair => (pair.Key, Copy(pair.Value))).ToList();
        }
    }

    private static long Sum(Dictionary<SpendBucket, SpendTotals> buckets, string subjectId, DateOnly from)
    {
        long sum = 0;
        foreach (var (bucket, totals) in buckets)
        {
            if (bucket.Day >= from && bucket.BelongsTo(subjectId))
            {
                sum += totals.CostNanoUsd;
            }
        }

        return sum;
    }

    private static void Merge(SpendTotals into, SpendTotals from)
    {
        into.Requests += from.Requests;
        into.PromptTokens += from.PromptTokens;
        into.CompletionTokens += from.CompletionTokens;
        into.CachedTokens += from.CachedTokens;
        into.CacheCreationTokens += from.CacheCreationTokens;
        into.ReasoningTokens += from.ReasoningTokens;
        into.CostNanoUsd += from.CostNanoUsd;
        into.UnknownCostRequests += from.UnknownCostRequests;
    }

    private static SpendTotals Copy(SpendTotals totals)
    {
        var copy = new SpendTotals();
        Merge(copy, totals);
        return copy;
    }
}
