using ModelGate.Core.Errors;
using ModelGate.Core.Governance;
using ModelGate.Core.Routing;
using ModelGate.Server.Hosting;
using Microsoft.OpenApi;

namespace ModelGate.Server.Admin;

/// <summary>The admin API's routes, and its read-only views: models and deployments with health, the audit log.</summary>
public sealed class AdminEndpoints(GatewayState state, GovernanceService governance, IDeploymentHealth health, TimeProvider time)
{
    public const string Prefix = "/admin";

    public static void Map(WebApplication app)
    {
        var keys = app.Services.GetRequiredService<KeyAdminEndpoints>();
        var teams = app.Services.GetRequiredService<TeamAdminEndpoints>();
        var admin = app.Services.GetRequiredService<AdminEndpoints>();
        var spend = app.Services.GetRequiredService<SpendAdminEndpoints>();
        const int BadRequest = StatusCodes.Status400BadRequest, NotFound = StatusCodes.Status404NotFound, Conflict = StatusCodes.Status409Conflict;
        const int Ok = StatusCodes.Status200OK;
        const string Keys = "keys", Teams = "teams", Gateway = "gateway", Spend = "spend";
        // As delegates rather than RequestDelegates, so the endpoints carry the metadata the admin document is made from.
        app.MapPost(Prefix + "/keys", (Delegate)keys.CreateAsync)
            .Describe(Keys, "Create a virtual key; the answer holds the key itself, shown only this once",
                typeof(KeyCreateRequest), typeof(CreatedKeyView), StatusCodes.Status201Created, BadRequest, NotFound);
        app.MapGet(Prefix + "/keys", (Delegate)keys.ListAsync)
            .Describe(Keys, "List keys, newest first", null, typeof(ListView<KeyView>), Ok, BadRequest)
            .Query("team_id", JsonSchemaType.String, "Only this team's keys.")
            .Query("owner", JsonSchemaType.String, "Only this owner's keys.")
            .Query("include_revoked", JsonSchemaType.Boolean, "Include revoked keys (`true`).")
            .Query("limit", JsonSchemaType.Integer, "1–1000, default 100.");
        app.MapGet(Prefix + "/keys/{id}", (Delegate)keys.GetAsync).Describe(Keys, "One key", null, typeof(KeyView), Ok, NotFound);
        app.MapPatch(Prefix + "/keys/{id}", (Delegate)keys.UpdateAsync)
            .Describe(Keys, "Change the fields sent; null clears an optional field", typeof(KeyUpdateRequest), typeof(KeyView), Ok,
                BadRequest, NotFound, Conflict);
        app.MapPost(Prefix + "/keys/{id}/revoke", (Delegate)keys.RevokeAsync).Describe(Keys, "Revoke a key now (again: no change)", null, typeof(KeyView), Ok, NotFound);
        app.MapPost(Prefix + "/teams", (Delegate)teams.CreateAsync)
            .Describe(Teams, "Create a team", typeof(TeamCreateRequest), typeof(TeamView), StatusCodes.Status201Created, BadRequest, Conflict);
        app.MapGet(Prefix + "/teams", (Delegate)teams.ListAsync).Describe(Teams, "List teams", null, typeof(ListView<TeamView>), Ok);
        app.MapGet(Prefix + "/teams/{id}", (Delegate)teams.GetAsync).Describe(Teams, "One team", null, typeof(TeamView), Ok, NotFound);
        app.MapPatch(Prefix + "/teams/{id}", (Delegate)teams.UpdateAsync)
            .Describe(Teams, "Change the fields sent; null clears an optional field", typeof(TeamUpdateRequest), typeof(TeamView), Ok,
                BadRequest, NotFound, Conflict);
        app.MapDelete(Prefix + "/teams/{id}", (Delegate)teams.DeleteAsync)
            .Describe(Teams, "Delete a team without active keys; answers the deleted team", null, typeof(TeamView), Ok, NotFound, Conflict);
        app.MapGet(Prefix + "/models", (Delegate)admin.ModelsAsync)
            .Describe(Gateway, "Configured models with their deployments and each deployment's health", null, typeof(ListView<ModelView>), Ok);
        app.MapGet(Prefix + "/deployments", (Delegate)admin.DeploymentsAsync)
            .Describe(Gateway, "The deployments as a flat list, with health", null, typeof(ListView<DeploymentView>), Ok);
        app.MapGet(Prefix + "/audit", (Delegate)admin.AuditAsync)
            .Describe(Gateway, "The audit log, newest first", null, typeof(ListView<AuditView>), Ok, BadRequest)
            .Query("target_id", JsonSchemaType.String, "Only entries about this key or team.")
            .Query("team_id", JsonSchemaType.String, "Only entries of this team.")
            .Query("before", JsonSchemaType.Integer, "Entries with a smaller id (paging).")
            .Query("limit", JsonSchemaType.Integer, "1–1000, default 100.");
        app.MapGet(Prefix + "/spend", (Delegate)spend.SpendAsync)
            .Describe(Spend, "Spend and usage added up by key, team, model or day; most spent first (days: newest first)", null,
                typeof(SpendListView), Ok, BadRequest, NotFound)
            .Query("group_by", JsonSchemaType.String, "`key` (default), `team`, `model` or `day`.")
            .Query("from", JsonSchemaType.String, "First UTC day counted, `YYYY-MM-DD`.")
            .Query("to", JsonSchemaType.String, "Last UTC day counted, `YYYY-MM-DD` (inclusive).")
            .Query("key_id", JsonSchemaType.String, "Only this key's spend (a key id, `master` or `config:<name>`).")
            .Query("team_id", JsonSchemaType.String, "Only this team's spend; implied for a team admin.")
            .Query("model", JsonSchemaType.String, "Only this public model's spend.")
            .Query("limit", JsonSchemaType.Integer, "1–1000, default 100.");
        app.MapGet(Prefix + "/keys/{id}/budget", (Delegate)spend.KeyBudgetAsync)
            .Describe(Spend, "Where a key's budget stands in its current period", null, typeof(BudgetView), Ok, NotFound);
        app.MapGet(Prefix + "/teams/{id}/budget", (Delegate)spend.TeamBudgetAsync)
            .Describe(Spend, "Where a team's budget stands in its current period", null, typeof(BudgetView), Ok, NotFound);
        app.MapGet(Prefix + "/budget-alerts", (Delegate)spend.AlertsAsync)
            .Describe(Spend, "Budget alerts raised, newest first", null, typeof(ListView<BudgetAlertView>), Ok, BadRequest)
            .Query("limit", JsonSchemaType.Integer, "1–1000, default 100.");
        AdminOpenApi.Map(app);
    }

    public async Task ModelsAsync(HttpContext context)
    {
        if (await FullAdminAsync(context, "list models and deployments") is null)
        {
            return;
        }

        var config = state.Current.Config;
        var models = config.Models.Values
            .OrderBy(model => model.Name, StringComparer.Ordinal)
            .Select(model => new ModelView(model.Name, "model", model.Strategy, model.Fallbacks, [.. Deployments(model)]))
            .ToList();
        await AdminResponses.WriteAsync(context, new ListView<ModelView>("list", models), AdminJson.Default.ListViewModelView);
    }

    public async Task DeploymentsAsync(HttpContext context)
    {
        if (await FullAdminAsync(context, "list models and deployments") is null)
        {
            return;
        }

        var deployments = state.Current.Config.Models.Values
            .OrderBy(model => model.Name, StringComparer.Ordinal)
            .SelectMany(Deployments)
            .ToList();
        await AdminResponses.WriteAsync(context, new ListView<DeploymentView>("list", deployments), AdminJson.Default.ListViewDeploymentView);
    }

    public async Task AuditAsync(HttpContext context)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var limit = AdminResponses.Int(context, "limit", AdminResponses.DefaultLimit, 1, AdminResponses.MaxLimit, out var error);
        var before = AdminResponses.Int(context, "before", int.MaxValue, 1, int.MaxValue, out var beforeError);
        if ((error ?? beforeError) is { } bad)
        {
            await AdminResponses.ErrorAsync(context, bad);
            return;
        }

        var query = new AuditQuery(
            caller.TeamScope ?? AdminResponses.Query(context, "team_id"),
            AdminResponses.Query(context, "target_id"),
            before == int.MaxValue ? null : before,
            limit!.Value);
        var entries = await governance.Audit.ListAsync(query, context.RequestAborted);
        await AdminResponses.WriteAsync(context, new ListView<AuditView>("list", [.. entries.Select(AuditView.Of)]), AdminJson.Default.ListViewAuditView);
    }

    private IEnumerable<DeploymentView> Deployments(Core.Configuration.ModelSettings model)
    {
        var now = time.GetUtcNow();
        foreach (var deployment in model.Deployments)
        {
            var snapshot = health.Snapshot(deployment.Key);
            yield return new DeploymentView(
                model.Name, deployment.Provider, deployment.Model, deployment.Key, deployment.Weight, deployment.Priority, deployment.Region,
                deployment.Tags,
                new DeploymentHealthView(
                    snapshot.CooldownUntil is not { } until || until <= now, snapshot.InFlight, snapshot.LatencyMs, snapshot.ConsecutiveFailures,
                    snapshot.CooldownUntil));
        }
    }

    private async Task<AdminCaller?> FullAdminAsync(HttpContext context, string what)
    {
        var caller = AdminCaller.Authenticate(context, state, out var error);
        if (caller is null || !caller.IsFullAdmin)
        {
            await AdminResponses.ErrorAsync(context, error ?? AdminErrors.FullAdminRequired(what));
            return null;
        }

        return caller;
    }
}
