using ModelGate.Core.Governance;

namespace ModelGate.Core.Budgets;

/// <summary>Something with a budget: a virtual key or a team.</summary>
/// <param name="Id">Where its spend is kept: <c>key:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>.</param>
/// <param name="Name">How errors name it, e.g. <c>key 'notebook'</c>.</param>
/// <param name="Limit">The most it may spend in one period, in USD.</param>
/// <param name="TeamId">The team (of the key), so a team admin sees its own budgets' alerts.</param>
public sealed record BudgetSubject(string Id, string Name, decimal Limit, BudgetPeriod Period, string? TeamId)
{
    public const string KeyPrefix = "key:";
    public const string TeamPrefix = "team:";

    public static BudgetSubject? ForKey(VirtualKeyRecord key) => Of(KeyPrefix + key.Id, $"key '{key.Name}'", key.Limits, key.TeamId);

    public static BudgetSubject? ForTeam(TeamRecord team) => Of(TeamPrefix + team.Id, $"team '{team.Name}'", team.Limits, team.Id);

    private static BudgetSubject? Of(string id, string name, GovernanceLimits limits, string? teamId) =>
        limits.MaxBudgetUsd is { } limit ? new BudgetSubject(id, name, limit, limits.BudgetPeriod ?? BudgetPeriod.Never, teamId) : null;
}
