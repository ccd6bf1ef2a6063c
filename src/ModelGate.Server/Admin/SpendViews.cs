using System.ComponentModel;
using ModelGate.Core.Budgets;
using ModelGate.Core.Governance;
using ModelGate.Core.Spend;

namespace ModelGate.Server.Admin;

/// <summary>One group of spend: a key, a team, a model or a day.</summary>
public sealed record SpendView(
    [property: Description("The key id (or `master`, `config:<name>`), the team id (empty for keys without a team), the model, or the day (`YYYY-MM-DD`).")]
    string Group,
    [property: Description("The virtual key's or the team's name; null for other groups.")] string? Name,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long CachedTokens,
    long CacheCreationTokens,
    long ReasoningTokens,
    [property: Description("USD, of the requests whose price was known.")] decimal CostUsd,
    [property: Description("Requests on a deployment without a known price: their cost is not in `cost_usd`.")] long UnknownCostRequests)
{
    public static SpendView Of(SpendRow row, string? name) => new(
        row.Group, name, row.Requests, row.PromptTokens, row.CompletionTokens, row.CachedTokens, row.CacheCreationTokens, row.ReasoningTokens,
        row.CostUsd, row.UnknownCostRequests);
}

public sealed record SpendListView(
    string Object,
    [property: Description("`key`, `team`, `model` or `day`.")] string GroupBy,
    IReadOnlyList<SpendView> Data,
    [property: Description("USD spent by everything the filters match, including groups past `limit`.")] decimal TotalCostUsd);

/// <summary>Where a key's or a team's budget stands in its current period.</summary>
public sealed record BudgetView(
    string Object,
    [property: Description("`key:<id>` or `team:<id>`.")] string SubjectId,
    string Name,
    [property: Description("Null when there is no budget.")] decimal? MaxBudgetUsd,
    string? BudgetPeriod,
    [property: Description("The first day of the current period (UTC); null without a budget or for `never`.")] DateOnly? PeriodStart,
    [property: Description("When the budget starts again from zero; null without a budget or for `never`.")] DateTimeOffset? ResetsAt,
    [property: Description("USD spent in the current period; all-time spend when there is no budget.")] decimal SpentUsd,
    [property: Description("USD held by requests still running.")] decimal ReservedUsd,
    [property: Description("What is left to spend now; null when there is no budget.")] decimal? RemainingUsd)
{
    public const string ObjectName = "budget";

    public static BudgetView Of(BudgetStatus status, string name) => new(
        ObjectName, status.Subject.Id, name, status.Subject.Limit, ScopeNames.Name(status.Subject.Period), PeriodStartOrNull(status.PeriodStart),
        status.ResetsAt, status.Spent, status.Reserved, status.Remaining);

    public static BudgetView Unlimited(string subjectId, string name, decimal spentAllTime) =>
        new(ObjectName, subjectId, name, null, null, null, null, spentAllTime, 0, null);

    /// <summary>A budget that never resets counts from the beginning of time, which is not worth a date.</summary>
    public static DateOnly? PeriodStartOrNull(DateOnly start) => start == DateOnly.MinValue ? null : start;
}

public sealed record BudgetAlertView(
    long Id,
    DateTimeOffset At,
    [property: Description("`key:<id>` or `team:<id>`.")] string SubjectId,
    [property: Description("Such as `key 'notebook'`.")] string SubjectName,
    string? TeamId,
    [property: Description("The threshold crossed, a percent of `max_budget_usd`.")] int Percent,
    [property: Description("USD spent in the period when the threshold was crossed.")] decimal SpentUsd,
    decimal MaxBudgetUsd,
    string BudgetPeriod,
    DateOnly? PeriodStart)
{
    public static BudgetAlertView Of(BudgetAlertRecord alert) => new(
        alert.Id, alert.At, alert.SubjectId, alert.SubjectName, alert.TeamId, alert.Percent, alert.SpentUsd, alert.LimitUsd, alert.BudgetPeriod,
        BudgetView.PeriodStartOrNull(alert.PeriodStart));
}
