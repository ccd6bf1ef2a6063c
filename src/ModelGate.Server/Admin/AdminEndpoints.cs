using ModelGate.Core.Errors;
using ModelGate.Core.Governance;
using ModelGate.Core.Routing;
using ModelGate.Server.Hosting;

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
        app.MapPost(Prefix + "/keys", keys.CreateAsync);
        app.MapGet(Prefix + "/keys", keys.ListAsync);
        app.MapGet(Prefix + "/keys/{id}", keys.GetAsync);
        app.MapPatch(Prefix + "/keys/{id}", keys.UpdateAsync);
        app.MapPost(Prefix + "/keys/{id}/revoke", keys.RevokeAsync);
        app.MapPost(Prefix + "/teams", teams.CreateAsync);
        app.MapGet(Prefix + "/teams", teams.ListAsync);
        app.MapGet(Prefix + "/teams/{id}", teams.GetAsync);
        app.MapPatch(Prefix + "/teams/{id}", teams.UpdateAsync);
        app.MapDelete(Prefix + "/teams/{id}", teams.DeleteAsync);
        app.MapGet(Prefix + "/models", admin.ModelsAsync);
        app.MapGet(Prefix + "/deployments", admin.DeploymentsAsync);
        app.MapGet(Prefix + "/audit", admin.AuditAsync);
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
        var caller = AdminCaller.Authenticate(context, state, out var error);
        if (caller is null)
        {
            await AdminResponses.ErrorAsync(context, error!);
            return;
        }

        var limit = AdminResponses.Int(context, "limit", 100, 1, 1000, out error);
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
