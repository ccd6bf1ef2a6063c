using System.Globalization;
using ModelGate.Core.Governance;
using ModelGate.Core.Spend;

namespace ModelGate.Server.Admin;

/// <summary>
/// The spend report of <c>GET /admin/spend</c> and <c>modelgate spend</c>: the ledger's rows named after their keys or
/// teams, and the totals of everything the filters match, including groups past the limit.
/// </summary>
public sealed record SpendReport(SpendGrouping GroupBy, IReadOnlyList<SpendView> Rows, SpendView Total)
{
    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>The names of <see cref="SpendGrouping"/>, in its order.</summary>
    public static readonly string[] Groupings = ["key", "team", "model", "day"];

    public SpendListView View() => new("list", Groupings[(int)GroupBy], Rows, Total.CostUsd);

    /// <summary>
    /// The filters as the admin API's query and the CLI's options give them, checked; null with the field (named as
    /// the admin API names it) and what is wrong with it when one is bad.
    /// </summary>
    public static SpendQuery? Parse(
        string? groupBy, string? from, string? to, string? keyId, string? teamId, string? model, int limit, out FilterProblem? problem)
    {
        var grouping = Array.IndexOf(Groupings, groupBy ?? Groupings[0]);
        DateOnly? first = null, last = null;
        problem = grouping < 0 ? new("group_by", $"must be one of {string.Join(", ", Groupings)}.")
            : !TryDay(from, out first) ? new("from", "must be a UTC day such as 2026-01-31.")
            : !TryDay(to, out last) ? new("to", "must be a UTC day such as 2026-01-31.")
            : first > last ? new("from", "must not be after the last day counted.")
            : limit is < 1 or > AdminResponses.MaxLimit ? new("limit", $"must be a whole number from 1 to {AdminResponses.MaxLimit}.")
            : null;
        return problem is null ? new SpendQuery((SpendGrouping)grouping, first, last, keyId, teamId, model, limit) : null;
    }

    /// <param name="named">Whether a key's name may be shown (a team admin does not see the <c>admin</c> keys in its team).</param>
    public static async Task<SpendReport> BuildAsync(
        ISpendLedger ledger, GovernanceService governance, SpendQuery query, Func<VirtualKeyRecord, bool> named, CancellationToken cancellation)
    {
        var rows = await ledger.QueryAsync(query, cancellation);
        // The listed rows may stop at the limit; the totals may not. One row per day keeps that second read small.
        var all = rows.Count < query.Limit ? rows : await ledger.QueryAsync(query with { GroupBy = SpendGrouping.Day, Limit = int.MaxValue }, cancellation);
        var views = new List<SpendView>(rows.Count);
        var teams = query.GroupBy == SpendGrouping.Team ? (await governance.Teams.ListAsync(cancellation)).ToDictionary(team => team.Id, team => team.Name) : null;
        foreach (var row in rows)
        {
            var name = query.GroupBy switch
            {
                SpendGrouping.Key => await governance.Keys.GetAsync(row.Group, cancellation) is { } key && named(key) ? key.Name : null,
                SpendGrouping.Team => teams!.GetValueOrDefault(row.Group),
                _ => null,
            };
            views.Add(SpendView.Of(row, name));
        }

        return new SpendReport(query.GroupBy, views, SpendView.Of(Sum(all), null));
    }

    private static SpendRow Sum(IReadOnlyList<SpendRow> rows) => new(
        "total", rows.Sum(r => r.Requests), rows.Sum(r => r.PromptTokens), rows.Sum(r => r.CompletionTokens), rows.Sum(r => r.CachedTokens),
        rows.Sum(r => r.CacheCreationTokens), rows.Sum(r => r.ReasoningTokens), rows.Sum(r => r.CostUsd), rows.Sum(r => r.UnknownCostRequests));

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        day = parsed;
        return true;
    }
}

/// <param name="Field">The admin API's name of the field: <c>group_by</c>, <c>from</c>, <c>to</c> or <c>limit</c>.</param>
public sealed record FilterProblem(string Field, string Problem);
