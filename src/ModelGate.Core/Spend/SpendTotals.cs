using ModelGate.Core.Usage;

namespace ModelGate.Core.Spend;

/// <summary>Where one day's spend of a key on a model is added up.</summary>
/// <param name="TeamId">Empty for a key without a team, so the tuple can be a primary key.</param>
public readonly record struct SpendBucket(DateOnly Day, string KeyId, string TeamId, string Model)
{
    public static SpendBucket Of(SpendEntry entry) =>
        new(DateOnly.FromDateTime(entry.At.UtcDateTime), entry.KeyId, entry.TeamId ?? "", entry.Model);

    /// <summary>Whether spend in this bucket counts for <paramref name="subjectId"/> (<c>key:…</c> or <c>team:…</c>).</summary>
    public bool BelongsTo(string subjectId) =>
        subjectId.StartsWith(Budgets.BudgetSubject.KeyPrefix, StringComparison.Ordinal)
            ? subjectId.AsSpan(Budgets.BudgetSubject.KeyPrefix.Length).SequenceEqual(KeyId)
            : subjectId.StartsWith(Budgets.BudgetSubject.TeamPrefix, StringComparison.Ordinal)
              && subjectId.AsSpan(Budgets.BudgetSubject.TeamPrefix.Length).SequenceEqual(TeamId);
}

/// <summary>The sums kept per <see cref="SpendBucket"/>. Cost is in nano-dollars: a token of the cheapest models costs a few.</summary>
public sealed class SpendTotals
{
    public long Requests;
    public long PromptTokens;
    public long CompletionTokens;
    public long CachedTokens;
    public long CacheCreationTokens;
    public long ReasoningTokens;
    public long CostNanoUsd;
    public long UnknownCostRequests;

    public const decimal NanoPerUsd = 1_000_000_000m;

    public void Add(TokenUsage usage, decimal? cost)
    {
        Requests++;
        PromptTokens += usage.PromptTokens;
        CompletionTokens += usage.CompletionTokens;
        CachedTokens += usage.CachedPromptTokens;
        CacheCreationTokens += usage.CacheCreationTokens;
        ReasoningTokens += usage.ReasoningTokens;
        if (cost is { } usd)
        {
            CostNanoUsd += ToNano(usd);
        }
        else
        {
            UnknownCostRequests++;
        }
    }

    /// <summary>Rounded up: a budget must never see less than was spent.</summary>
    public static long ToNano(decimal usd) => (long)decimal.Ceiling(usd * NanoPerUsd);

    public static decimal ToUsd(long nano) => nano / NanoPerUsd;
}
