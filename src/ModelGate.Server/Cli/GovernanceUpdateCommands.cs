using System.CommandLine;
using ModelGate.Core.Governance;

namespace ModelGate.Server.Cli;

/// <summary>
/// <c>modelgate keys update</c>, <c>modelgate teams update|delete</c>: the admin API's PATCH and DELETE rules from the
/// command line. An option given replaces the field; <c>--clear FIELD</c> empties an optional one; the rest is kept.
/// </summary>
public static partial class GovernanceCommands
{
    /// <summary>Fields <c>keys update --clear</c> may empty.</summary>
    public static readonly string[] KeyClearable = ["team", "owner", "models", "routes", "expires-at", "metadata", "rpm", "tpm", "max-parallel", "max-budget-usd", "budget-period"];

    /// <summary>Fields <c>teams update --clear</c> may empty.</summary>
    public static readonly string[] TeamClearable = ["models", "metadata", "rpm", "tpm", "max-parallel", "max-budget-usd", "budget-period"];

    /// <summary>What <c>keys update</c> was asked for: null keeps a field, <see cref="Clear"/> empties one.</summary>
    public sealed record KeyChanges(
        string? Name = null, string? Team = null, string? Owner = null, IReadOnlyList<string>? Models = null, IReadOnlyList<string>? Routes = null,
        string? Scope = null, DateTimeOffset? ExpiresAt = null, bool? RouteOverride = null, IReadOnlyList<string>? Metadata = null,
        LimitChanges? Limits = null, IReadOnlyList<string>? Clear = null);

    /// <summary>What <c>teams update</c> was asked for.</summary>
    public sealed record TeamChanges(
        string? Name = null, IReadOnlyList<string>? Models = null, IReadOnlyList<string>? Metadata = null, LimitChanges? Limits = null,
        IReadOnlyList<string>? Clear = null);

    /// <summary>Limits given on the command line; null keeps the current value.</summary>
    public sealed record LimitChanges(int? Rpm = null, int? Tpm = null, int? MaxParallel = null, decimal? MaxBudgetUsd = null, BudgetPeriod? BudgetPeriod = null)
    {
        public GovernanceLimits Over(GovernanceLimits current, IReadOnlyList<string> clear) => new(
            clear.Contains("rpm") ? null : Rpm ?? current.Rpm,
            clear.Contains("tpm") ? null : Tpm ?? current.Tpm,
            clear.Contains("max-parallel") ? null : MaxParallel ?? current.MaxParallel,
            clear.Contains("max-budget-usd") ? null : MaxBudgetUsd ?? current.MaxBudgetUsd,
            clear.Contains("budget-period") ? null : BudgetPeriod ?? current.BudgetPeriod);
    }

    public static async Task<int> UpdateKeyAsync(
        string configPath, string id, KeyChanges changes, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        var clear = changes.Clear ?? [];
        if (!CheckClear(clear, KeyClearable, errors))
        {
            return 1;
        }

        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        var current = await session.Service.Keys.GetAsync(id, cancellation);
        if (current is null)
        {
            errors.WriteLine($"No virtual key with id '{id}'.");
            return 1;
        }

        if (current.RevokedAt is not null)
        {
            errors.WriteLine($"Virtual key '{id}' is revoked and cannot be changed.");
            return 1;
        }

        var scope = changes.Scope is null ? current.Scope : ScopeNames.Parse(changes.Scope);
        var metadata = changes.Metadata is null ? current.Metadata : Metadata(changes.Metadata, errors);
        var teamId = clear.Contains("team") ? null : current.TeamId;
        if (changes.Team is not null && (teamId = (await session.Service.FindTeamAsync(changes.Team, cancellation))?.Id) is null)
        {
            errors.WriteLine($"--team: no team with id or name '{changes.Team}'.");
            return 1;
        }

        var changed = current with
        {
            Name = changes.Name ?? current.Name,
            TeamId = teamId,
            Owner = clear.Contains("owner") ? null : changes.Owner ?? current.Owner,
            AllowedModels = clear.Contains("models") ? null : changes.Models ?? current.AllowedModels,
            AllowedRoutes = clear.Contains("routes") ? null : changes.Routes ?? current.AllowedRoutes,
            RouteOverride = changes.RouteOverride ?? current.RouteOverride,
            Scope = scope ?? current.Scope,
            ExpiresAt = clear.Contains("expires-at") ? null : changes.ExpiresAt?.ToUniversalTime() ?? current.ExpiresAt,
            Metadata = clear.Contains("metadata") ? new Dictionary<string, string>() : metadata ?? current.Metadata,
            Limits = (changes.Limits ?? new LimitChanges()).Over(current.Limits, clear),
        };
        if (scope is null)
        {
            errors.WriteLine($"--scope: must be one of {string.Join(", ", ScopeNames.All)}.");
            return 1;
        }

        if (metadata is null || !Check(changed.Name, changed.Limits, errors) || !CheckRoutes(changed.AllowedRoutes, errors))
        {
            return 1;
        }

        if (changed.Scope == KeyScope.TeamAdmin && changed.TeamId is null)
        {
            errors.WriteLine("--scope: a team_admin key needs a team.");
            return 1;
        }

        if (changes.ExpiresAt is { } expires && expires <= DateTimeOffset.UtcNow)
        {
            errors.WriteLine("--expires-at: must be in the future.");
            return 1;
        }

        var updated = await session.Service.UpdateKeyAsync(Actor, id, _ => changed, cancellation);
        if (updated is null)
        {
            errors.WriteLine($"No virtual key with id '{id}'.");
            return 1;
        }

        output.WriteLine($"Updated virtual key {updated.Id} ({updated.Name}).");
        return 0;
    }

    public static async Task<int> UpdateTeamAsync(
        string configPath, string idOrName, TeamChanges changes, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        var clear = changes.Clear ?? [];
        if (!CheckClear(clear, TeamClearable, errors))
        {
            return 1;
        }

        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        if (await session.Service.FindTeamAsync(idOrName, cancellation) is not { } current)
        {
            errors.WriteLine($"No team with id or name '{idOrName}'.");
            return 1;
        }

        var metadata = changes.Metadata is null ? current.Metadata : Metadata(changes.Metadata, errors);
        var changed = current with
        {
            Name = changes.Name ?? current.Name,
            AllowedModels = clear.Contains("models") ? null : changes.Models ?? current.AllowedModels,
            Metadata = clear.Contains("metadata") ? new Dictionary<string, string>() : metadata ?? current.Metadata,
            Limits = (changes.Limits ?? new LimitChanges()).Over(current.Limits, clear),
        };
        if (metadata is null || !Check(changed.Name, changed.Limits, errors))
        {
            return 1;
        }

        try
        {
            var updated = await session.Service.UpdateTeamAsync(Actor, current.Id, _ => changed, cancellation);
            if (updated is null)
            {
                errors.WriteLine($"No team with id or name '{idOrName}'.");
                return 1;
            }

            output.WriteLine($"Updated team {updated.Id} ({updated.Name}).");
            return 0;
        }
        catch (DuplicateNameException e)
        {
            errors.WriteLine($"--name: a team named '{e.Name}' already exists.");
            return 1;
        }
    }

    public static async Task<int> DeleteTeamAsync(string configPath, string idOrName, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        if (await session.Service.FindTeamAsync(idOrName, cancellation) is not { } team)
        {
            errors.WriteLine($"No team with id or name '{idOrName}'.");
            return 1;
        }

        if (await session.Service.Keys.TeamHasActiveKeysAsync(team.Id, cancellation))
        {
            errors.WriteLine($"Team '{team.Name}' still has keys that are not revoked; revoke or move them first.");
            return 1;
        }

        var deleted = await session.Service.DeleteTeamAsync(Actor, team.Id, cancellation);
        if (deleted is null)
        {
            errors.WriteLine($"No team with id or name '{idOrName}'.");
            return 1;
        }

        output.WriteLine($"Deleted team {deleted.Id} ({deleted.Name}).");
        return 0;
    }

    private static Command UpdateKey()
    {
        var command = new Command("update", "Change a virtual key: the options given replace those fields, --clear empties one.");
        var config = Config();
        var id = new Argument<string>("id") { Description = "The key's id (key_…)." };
        var name = new Option<string?>("--name") { Description = "New name." };
        var team = new Option<string?>("--team") { Description = "Team id or name." };
        var owner = new Option<string?>("--owner") { Description = "Who the key is for." };
        var models = List("--models", "Models the key may use (names or patterns).");
        var routes = List("--routes", "Paths the key may call.");
        var scope = new Option<string?>("--scope") { Description = "inference, team_admin or admin." };
        var expires = new Option<DateTimeOffset?>("--expires-at") { Description = "ISO 8601 time after which the key is refused." };
        var routeOverride = new Option<bool?>("--route-override") { Description = "true or false: may steer routing with x-modelgate-route." };
        var metadata = List("--metadata", "NAME=VALUE pairs; replace the key's metadata.");
        var clear = ClearOption(KeyClearable);
        var limits = new LimitOptions();
        command.Options.Add(config);
        command.Arguments.Add(id);
        foreach (var option in new Option[] { name, team, owner, models, routes, scope, expires, routeOverride, metadata, clear })
        {
            command.Options.Add(option);
        }

        limits.AddTo(command);
        command.SetAction((result, cancellation) => UpdateKeyAsync(result.GetValue(config)!, result.GetValue(id)!, new KeyChanges(
            result.GetValue(name), result.GetValue(team), result.GetValue(owner), Split(result.GetValue(models)), Split(result.GetValue(routes)),
            result.GetValue(scope), result.GetValue(expires), result.GetValue(routeOverride), Given(result.GetValue(metadata)), limits.Changes(result),
            Split(result.GetValue(clear))), Console.Out, Console.Error, cancellation));
        return command;
    }

    private static Command UpdateTeam()
    {
        var command = new Command("update", "Change a team: the options given replace those fields, --clear empties one.");
        var config = Config();
        var team = new Argument<string>("team") { Description = "The team's id or name." };
        var name = new Option<string?>("--name") { Description = "New unique name." };
        var models = List("--models", "Models the team's keys may use (names or patterns).");
        var metadata = List("--metadata", "NAME=VALUE pairs; replace the team's metadata.");
        var clear = ClearOption(TeamClearable);
        var limits = new LimitOptions();
        command.Options.Add(config);
        command.Arguments.Add(team);
        foreach (var option in new Option[] { name, models, metadata, clear })
        {
            command.Options.Add(option);
        }

        limits.AddTo(command);
        command.SetAction((result, cancellation) => UpdateTeamAsync(result.GetValue(config)!, result.GetValue(team)!, new TeamChanges(
            result.GetValue(name), Split(result.GetValue(models)), Given(result.GetValue(metadata)), limits.Changes(result), Split(result.GetValue(clear))),
            Console.Out, Console.Error, cancellation));
        return command;
    }

    private static Command DeleteTeam()
    {
        var command = new Command("delete", "Delete a team that has no keys left that are not revoked.");
        var config = Config();
        var team = new Argument<string>("team") { Description = "The team's id or name." };
        command.Options.Add(config);
        command.Arguments.Add(team);
        command.SetAction((result, cancellation) => DeleteTeamAsync(result.GetValue(config)!, result.GetValue(team)!, Console.Out, Console.Error, cancellation));
        return command;
    }

    private static Option<string[]> ClearOption(string[] fields) => List("--clear", "Fields to empty: " + string.Join(", ", fields) + ".");

    private static IReadOnlyList<string>? Given(string[]? values) => values is null || values.Length == 0 ? null : values;

    private static bool CheckClear(IReadOnlyList<string> clear, string[] allowed, TextWriter errors)
    {
        foreach (var field in clear.Where(field => !allowed.Contains(field)))
        {
            errors.WriteLine($"--clear: '{field}' is not one of {string.Join(", ", allowed)}.");
            return false;
        }

        return true;
    }

    private static bool CheckRoutes(IReadOnlyList<string>? routes, TextWriter errors)
    {
        if (routes?.FirstOrDefault(route => !route.StartsWith('/')) is { } bad)
        {
            errors.WriteLine($"--routes: '{bad}' must start with '/'.");
            return false;
        }

        return true;
    }
}
