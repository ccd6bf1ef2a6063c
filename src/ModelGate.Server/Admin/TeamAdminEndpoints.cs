using ModelGate.Core.Errors;
using ModelGate.Core.Governance;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Admin;

/// <summary><c>/admin/teams</c>: create, list, get, update and delete teams. A team admin may only read its own team.</summary>
public sealed class TeamAdminEndpoints(GatewayState state, GovernanceService governance)
{
    private static readonly HashSet<string> Fields = ["name", "models", "metadata", "rpm", "tpm", "max_parallel", "max_budget_usd", "budget_period"];

    public async Task CreateAsync(HttpContext context)
    {
        if (await FullAdminAsync(context, "create teams") is not { } caller || await BodyAsync(context) is not { } body)
        {
            return;
        }

        var draft = Apply(body, new TeamRecord("", body.String("name", required: true) ?? "", null, GovernanceLimits.None,
            new Dictionary<string, string>(), default, default));
        if (body.Error is { } error)
        {
            await AdminResponses.ErrorAsync(context, error);
            return;
        }

        var team = await governance.CreateTeamAsync(caller.Actor, draft, context.RequestAborted);
        await (team is null
            ? AdminResponses.ErrorAsync(context, AdminErrors.TeamNameTaken(draft.Name))
            : AdminResponses.WriteAsync(context, TeamView.Of(team), AdminJson.Default.TeamView, StatusCodes.Status201Created));
    }

    public async Task ListAsync(HttpContext context)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var teams = await governance.Teams.ListAsync(context.RequestAborted);
        await AdminResponses.WriteAsync(
            context, new ListView<TeamView>("list", [.. teams.Where(caller.Sees).Select(TeamView.Of)]), AdminJson.Default.ListViewTeamView);
    }

    public async Task GetAsync(HttpContext context, string id)
    {
        if (await AdminCaller.AuthenticateAsync(context, state) is not { } caller)
        {
            return;
        }

        var team = await governance.Teams.GetAsync(id, context.RequestAborted);
        await (team is null || !caller.Sees(team)
            ? AdminResponses.ErrorAsync(context, AdminErrors.TeamNotFound(id))
            : AdminResponses.WriteAsync(context, TeamView.Of(team), AdminJson.Default.TeamView));
    }

    public async Task UpdateAsync(HttpContext context, string id)
    {
        if (await FullAdminAsync(context, "change teams") is not { } caller || await BodyAsync(context) is not { } body)
        {
            return;
        }

        var current = await governance.Teams.GetAsync(id, context.RequestAborted);
        if (current is null)
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.TeamNotFound(id));
            return;
        }

        var changed = Apply(body, current with { Name = body.Has("name") ? body.String("name", required: true) ?? current.Name : current.Name });
        if (body.Error is { } error)
        {
            await AdminResponses.ErrorAsync(context, error);
            return;
        }

        try
        {
            var updated = await governance.UpdateTeamAsync(caller.Actor, id, _ => changed, context.RequestAborted);
            await (updated is null
                ? AdminResponses.ErrorAsync(context, AdminErrors.TeamNotFound(id))
                : AdminResponses.WriteAsync(context, TeamView.Of(updated), AdminJson.Default.TeamView));
        }
        catch (DuplicateNameException e)
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.TeamNameTaken(e.Name));
        }
    }

    public async Task DeleteAsync(HttpContext context, string id)
    {
        if (await FullAdminAsync(context, "delete teams") is not { } caller)
        {
            return;
        }

        if (await governance.Keys.TeamHasActiveKeysAsync(id, context.RequestAborted))
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.TeamHasKeys(id));
            return;
        }

        var deleted = await governance.DeleteTeamAsync(caller.Actor, id, context.RequestAborted);
        await (deleted is null
            ? AdminResponses.ErrorAsync(context, AdminErrors.TeamNotFound(id))
            : AdminResponses.WriteAsync(context, TeamView.Of(deleted), AdminJson.Default.TeamView));
    }

    private static TeamRecord Apply(AdminBody body, TeamRecord team) => team with
    {
        AllowedModels = body.Has("models") ? body.Names("models") : team.AllowedModels,
        Metadata = body.Has("metadata") ? body.Metadata("metadata") : team.Metadata,
        Limits = body.Limits(team.Limits),
    };

    private async Task<AdminCaller?> FullAdminAsync(HttpContext context, string what)
    {
        var caller = await AdminCaller.AuthenticateAsync(context, state);
        if (caller is { IsFullAdmin: false })
        {
            await AdminResponses.ErrorAsync(context, AdminErrors.FullAdminRequired(what));
            return null;
        }

        return caller;
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
