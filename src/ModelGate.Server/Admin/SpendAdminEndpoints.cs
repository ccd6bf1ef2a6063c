using ModelGate.Core.Budgets;
using ModelGate.Core.Errors;
using ModelGate.Core.Spend;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Admin;

/// <summary>
/// The spend and budget reads: <c>/admin/spend</c>, <c>/admin/keys/{id}/budget</c>, <c>/admin/teams/{id}/budget</c> and
/// <c>/admin/budget-alerts</c>. A team admin sees its own team's only, as with keys and teams.
/// </summary>
public sealed class SpendAdminEndpoints(
    GatewayState state, GovernanceService governance, ISpendLedger ledger, IBudgetTracker budgets, IBudgetAlertLog alerts)
{
    public async Task SpendAsync(HttpContext context)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller || await AdminResponses.LimitAsync(context) is not { } limit)
        {
            return;
        }

        var query = ParseQuery(context, limit, out var error);
        if (query is { } parsed && !caller.IsFullAdmin)
        {
            (query, error) = await ScopeAsync(caller, parsed, context.RequestAborted);
        }

        if (query is null)
        {
            await AdminResponses.ErrorAsync(context, error!);
            return;
        }

        var report = await SpendReport.BuildAsync(ledger, governance, query, caller.Sees, context.RequestAborted);
        await AdminResponses.WriteAsync(context, report.View(), AdminJson.Default.SpendListView);
    }

    public async Task KeyBudgetAsync(HttpContext context, string id)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var key = await governance.Keys.GetAsync(id, context.RequestAborted);
        await (key is null || !caller.Sees(key)
            ? AdminResponses.ErrorAsync(context, AdminErrors.KeyNotFound(id))
            : AdminResponses.WriteAsync(context, Budget(BudgetSubject.KeyPrefix + key.Id, key.Name, BudgetSubject.ForKey(key)), AdminJson.Default.BudgetView));
    }

    public async Task TeamBudgetAsync(HttpContext context, string id)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var team = await governance.Teams.GetAsync(id, context.RequestAborted);
        await (team is null || !caller.Sees(team)
            ? AdminResponses.ErrorAsync(context, AdminErrors.TeamNotFound(id))
            : AdminResponses.WriteAsync(context, Budget(BudgetSubject.TeamPrefix + team.Id, team.Name, BudgetSubject.ForTeam(team)), AdminJson.Default.BudgetView));
    }

    public async Task AlertsAsync(HttpContext context)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller || await AdminResponses.LimitAsync(context) is not { } limit)
        {
            return;
        }

        var listed = await alerts.ListAsync(caller.TeamScope, limit, context.RequestAborted);
        var visible = new List<BudgetAlertView>(listed.Count);
        foreach (var alert in listed)
        {
            // A team admin never sees the admin keys in its team, so not their alerts either.
            if (caller.IsFullAdmin || !alert.SubjectId.StartsWith(BudgetSubject.KeyPrefix, StringComparison.Ordinal)
                || await governance.Keys.GetAsync(alert.SubjectId[BudgetSubject.KeyPrefix.Length..], context.RequestAborted) is not { } key
                || caller.Sees(key))
            {
                visible.Add(BudgetAlertView.Of(alert));
            }
        }

        await AdminResponses.WriteAsync(context, new ListView<BudgetAlertView>("list", visible), AdminJson.Default.ListViewBudgetAlertView);
    }

    /// <summary>The tracker's view of a budget; without one, the subject's spend since it was created.</summary>
    private BudgetView Budget(string subjectId, string name, BudgetSubject? subject) =>
        subject is null
            ? BudgetView.Unlimited(subjectId, name, ledger.SpentSince(subjectId, DateOnly.MinValue))
            : BudgetView.Of(budgets.StatusOf(subject), name);

    private static SpendQuery? ParseQuery(HttpContext context, int limit, out GatewayError? error)
    {
        string? Query(string name) => AdminResponses.Query(context, name);
        var query = SpendReport.Parse(
            Query("group_by"), Query("from"), Query("to"), Query("key_id"), Query("team_id"), Query("model"), limit, out var problem);
        error = problem is null ? null : GatewayErrors.InvalidValue(problem.Field, problem.Problem);
        return query;
    }

    /// <summary>A team admin's query: its own team's spend; another team, or a key it may not see, is not found.</summary>
    private async Task<(SpendQuery? Query, GatewayError? Error)> ScopeAsync(AdminCaller caller, SpendQuery query, CancellationToken cancellation)
    {
        if (query.TeamId is { } teamId && teamId != caller.TeamScope)
        {
            return (null, AdminErrors.TeamNotFound(teamId, "team_id"));
        }

        if (query.KeyId is { } keyId && (await governance.Keys.GetAsync(keyId, cancellation) is not { } key || !caller.Sees(key)))
        {
            return (null, AdminErrors.KeyNotFound(keyId, "key_id"));
        }

        return (query with { TeamId = caller.TeamScope }, null);
    }
}
