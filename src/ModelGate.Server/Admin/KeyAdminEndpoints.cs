using System.Text.Json;
using ModelGate.Core.Errors;
using ModelGate.Core.Governance;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Admin;

/// <summary><c>/admin/keys</c>: create (the key is shown once), list, get, update and revoke virtual keys.</summary>
public sealed class KeyAdminEndpoints(GatewayState state, GovernanceService governance, TimeProvider time)
{
    private static readonly HashSet<string> Fields =
    [
        "name", "team_id", "owner", "models", "routes", "route_override", "scope", "expires_at", "metadata",
        "rpm", "tpm", "max_parallel", "max_budget_usd", "budget_period",
    ];

    public async Task CreateAsync(HttpContext context)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller || await BodyAsync(context) is not { } body)
        {
            return;
        }

        var draft = new VirtualKeyRecord(
            "", body.String("name", required: true) ?? "", "", null, null, null, null, false, KeyScope.Inference, null,
            new Dictionary<string, string>(), GovernanceLimits.None, default, default);
        draft = Apply(body, draft, caller);
        if (body.Error is null)
        {
            await CheckAsync(body, draft, caller, creating: true, context.RequestAborted);
        }

        if (body.Error is { } error)
        {
            await AdminResponses.ErrorAsync(context, error);
            return;
        }

        var (key, secret) = await governance.CreateKeyAsync(caller.Actor, draft, context.RequestAborted);
        var view = JsonSerializer.SerializeToNode(KeyView.Of(key), AdminJson.Default.KeyView)!.AsObject();
        view.Insert(0, "key", secret);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(view.ToJsonString(), context.RequestAborted);
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller || await AdminResponses.LimitAsync(context) is not { } limit)
        {
            return;
        }

        var team = caller.TeamScope ?? AdminResponses.Query(context, "team_id");
        var includeRevoked = AdminResponses.Query(context, "include_revoked") is "true" or "1";
        var keys = await governance.Keys.ListAsync(
            new KeyQuery(team, includeRevoked, limit, AdminResponses.Query(context, "owner")), context.RequestAborted);
        await AdminResponses.WriteAsync(
            context, new ListView<KeyView>("list", [.. keys.Where(caller.Sees).Select(KeyView.Of)]), AdminJson.Default.ListViewKeyView);
    }

    public async Task GetAsync(HttpContext context, string id)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var key = await governance.Keys.GetAsync(id, context.RequestAborted);
        if (key is null || !caller.Sees(key))
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.KeyNotFound(id));
            return;
        }

        await AdminResponses.WriteAsync(context, KeyView.Of(key), AdminJson.Default.KeyView);
    }

    public async Task UpdateAsync(HttpContext context, string id)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller || await BodyAsync(context) is not { } body)
        {
            return;
        }

        var current = await governance.Keys.GetAsync(id, context.RequestAborted);
        if (current is null || !caller.Sees(current))
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.KeyNotFound(id));
            return;
        }

        if (current.RevokedAt is not null)
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.KeyRevoked(id));
            return;
        }

        var changed = Apply(body, current with { Name = body.Has("name") ? body.String("name", required: true) ?? current.Name : current.Name }, caller);
        if (body.Error is null)
        {
            await CheckAsync(body, changed, caller, creating: false, context.RequestAborted);
        }

        if (body.Error is { } error)
        {
            await AdminResponses.ErrorAsync(context, error);
            return;
        }

        var updated = await governance.UpdateKeyAsync(caller.Actor, id, _ => changed, context.RequestAborted);
        await (updated is null
            ? AdminResponses.ErrorAsync(context, AdminErrors.KeyNotFound(id))
            : AdminResponses.WriteAsync(context, KeyView.Of(updated), AdminJson.Default.KeyView));
    }

    public async Task RevokeAsync(HttpContext context, string id)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var current = await governance.Keys.GetAsync(id, context.RequestAborted);
        var revoked = current is not null && caller.Sees(current) ? await governance.RevokeKeyAsync(caller.Actor, id, context.RequestAborted) : null;
        await (revoked is null
            ? AdminResponses.ErrorAsync(context, AdminErrors.KeyNotFound(id))
            : AdminResponses.WriteAsync(context, KeyView.Of(revoked), AdminJson.Default.KeyView));
    }

    /// <summary>The body's fields over <paramref name="key"/>: present fields replace, absent ones keep.</summary>
    private static VirtualKeyRecord Apply(AdminBody body, VirtualKeyRecord key, AdminCaller caller) => key with
    {
        TeamId = body.Has("team_id") ? body.String("team_id", maxChars: 64) : key.TeamId ?? (caller.IsFullAdmin ? null : caller.Principal.TeamId),
        Owner = body.Has("owner") ? body.String("owner") : key.Owner,
        AllowedModels = body.Has("models") ? body.Names("models") : key.AllowedModels,
        AllowedRoutes = body.Has("routes") ? body.Names("routes", route => route.StartsWith('/') ? null : "must start with '/'.") : key.AllowedRoutes,
        RouteOverride = body.Bool("route_override") ?? key.RouteOverride,
        Scope = body.Scope("scope") ?? key.Scope,
        ExpiresAt = body.Has("expires_at") ? body.Time("expires_at") : key.ExpiresAt,
        Metadata = body.Has("metadata") ? body.Metadata("metadata") : key.Metadata,
        Limits = body.Limits(key.Limits),
    };

    /// <summary>Rules across fields and against the stores: the team exists and is the caller's, scopes, expiry.</summary>
    private async Task CheckAsync(AdminBody body, VirtualKeyRecord key, AdminCaller caller, bool creating, CancellationToken cancellation)
    {
        if (!caller.IsFullAdmin && key.Scope == KeyScope.Admin)
        {
            body.Reject(AdminErrors.FullAdminRequired("give a key the 'admin' scope"));
        }
        else if (key.Scope == KeyScope.TeamAdmin && key.TeamId is null)
        {
            body.Reject(GatewayErrors.InvalidValue("scope", "a 'team_admin' key needs a team_id."));
        }
        else if (key.TeamId is { } teamId && (await governance.Teams.GetAsync(teamId, cancellation) is not { } team || !caller.Sees(team)))
        {
            body.Reject(AdminErrors.TeamNotFound(teamId, "team_id"));
        }
        else if (!caller.IsFullAdmin && key.TeamId is null)
        {
            body.Reject(AdminErrors.TeamNotFound("", "team_id"));
        }
        else if (key.ExpiresAt is { } expires && expires <= time.GetUtcNow() && (creating || body.Has("expires_at")))
        {
            body.Reject(GatewayErrors.InvalidValue("expires_at", "must be in the future."));
        }
    }

    private static async Task<AdminBody?> BodyAsync(HttpContext context)
    {
        var (body, error) = await AdminBody.ReadAsync(context, Fields);
        if (error is not null)
        {
            await AdminResponses.ErrorAsync(context, error);
        }

        return body;
    }
}
