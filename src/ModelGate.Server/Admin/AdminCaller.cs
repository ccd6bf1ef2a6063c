using ModelGate.Core.Auth;
using ModelGate.Core.Errors;
using ModelGate.Core.Governance;
using ModelGate.Server.Hosting;
using ModelGate.Server.Http;

namespace ModelGate.Server.Admin;

/// <summary>
/// Who calls an admin route, and what they may see: the master key and <c>admin</c> keys see everything; a
/// <c>team_admin</c> key sees its own team, and only the keys in it that are not <c>admin</c> keys.
/// </summary>
public sealed record AdminCaller(Principal Principal)
{
    public bool IsFullAdmin => Principal.Scope == KeyScope.Admin;

    /// <summary>Who the audit log names: <c>master</c> or <c>key:&lt;id&gt;</c>.</summary>
    public string Actor => Principal.KeyId is { } id ? "key:" + id : Principal.IsMaster ? "master" : "key:" + Principal.Name;

    /// <summary>The team a team admin is limited to; null for a full admin.</summary>
    public string? TeamScope => IsFullAdmin ? null : Principal.TeamId ?? "";

    public bool Sees(TeamRecord team) => IsFullAdmin || team.Id == Principal.TeamId;

    public bool Sees(VirtualKeyRecord key) => IsFullAdmin || (key.TeamId is not null && key.TeamId == Principal.TeamId && key.Scope != KeyScope.Admin);

    public static AdminCaller? Authenticate(HttpContext context, GatewayState state, out GatewayError? error)
    {
        var principal = BearerKey.Authenticate(context, state.Current.Keys, out error);
        if (principal is null)
        {
            return null;
        }

        if (principal.Scope == KeyScope.Inference)
        {
            error = AdminErrors.AdminScopeRequired();
            return null;
        }

        return new AdminCaller(principal);
    }

    /// <summary>The caller, or null once the refusal (401 or 403) is written.</summary>
    public static async Task<AdminCaller?> AuthenticateAsync(HttpContext context, GatewayState state)
    {
        var caller = Authenticate(context, state, out var error);
        if (caller is null)
        {
            await AdminResponses.ErrorAsync(context, error!);
        }

        return caller;
    }
}
