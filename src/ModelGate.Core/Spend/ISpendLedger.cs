using ModelGate.Core.Usage;

namespace ModelGate.Core.Spend;

/// <summary>
/// What every request cost, kept per day, key, team and model. Recording never waits on storage: entries are added
/// up in memory and written in batches, about once a second. The SQLite implementation serves one gateway; a
/// PostgreSQL one fills the same interface for several.
/// </summary>
public interface ISpendLedger
{
    /// <summary>Counts one finished request. Never blocks.</summary>
    void Record(SpendEntry entry);

    /// <summary>
    /// What <paramref name="subjectId"/> (<c>key:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>) has spent from the start of
    /// <paramref name="from"/> (UTC), including entries not yet written. May err high, never low.
    /// </summary>
    decimal SpentSince(string subjectId, DateOnly from);

    /// <summary>Spend and usage added up by <see cref="SpendQuery.GroupBy"/>, entries not yet written included.</summary>
    Task<IReadOnlyList<SpendRow>> QueryAsync(SpendQuery query, CancellationToken cancellation = default);

    /// <summary>Writes every entry recorded so far.</summary>
    Task FlushAsync(CancellationToken cancellation = default);
}

/// <summary>One finished request.</summary>
/// <param name="KeyId">The virtual key's id, <c>master</c>, or <c>config:&lt;name&gt;</c> for a key from the config file.</param>
/// <param name="Model">The public model the request named.</param>
/// <param name="Cost">USD; null when the deployment's price is unknown.</param>
public sealed record SpendEntry(DateTimeOffset At, string KeyId, string? TeamId, string Model, TokenUsage Usage, decimal? Cost);

public enum SpendGrouping
{
    Key,
    Team,
    Model,
    Day,
}

/// <param name="From">First day counted (UTC), inclusive; null for no bound.</param>
/// <param name="To">Last day counted (UTC), inclusive; null for no bound.</param>
public sealed record SpendQuery(SpendGrouping GroupBy, DateOnly? From = null, DateOnly? To = null, string? KeyId = null, string? TeamId = null,
    string? Model = null, int Limit = 1000);

/// <param name="Group">The key id, team id (empty for none), model, or day (<c>yyyy-MM-dd</c>).</param>
/// <param name="UnknownCostRequests">Requests whose price was not known: their cost is not in <paramref name="CostUsd"/>.</param>
public sealed record SpendRow(
    string Group,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long CachedTokens,
    long CacheCreationTokens,
    long ReasoningTokens,
    decimal CostUsd,
    long UnknownCostRequests);
