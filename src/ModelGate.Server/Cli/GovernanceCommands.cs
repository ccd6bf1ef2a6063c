using System.CommandLine;
using System.Globalization;
using ModelGate.Core.Governance;
using ModelGate.Server.Admin;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Cli;

/// <summary>
/// <c>modelgate keys create|list|revoke</c> and <c>modelgate teams create|list</c>: the admin API's key and team
/// changes, made on the configured database directly (audited as <c>cli:&lt;user&gt;</c>). A running gateway picks
/// them up within a second.
/// </summary>
public static partial class GovernanceCommands
{
    public static Command Keys()
    {
        var create = new Command("create", "Create a virtual key; the key is printed once and never again.");
        var config = Config();
        var name = new Option<string>("--name") { Description = "Name shown in lists and logs.", Required = true };
        var team = new Option<string?>("--team") { Description = "Team id or name." };
        var owner = new Option<string?>("--owner") { Description = "Who the key is for." };
        var models = List("--models", "Models the key may use (names or patterns such as gpt-*); default all.");
        var routes = List("--routes", "Paths the key may call (such as /v1/chat/completions or /v1/*); default all.");
        var scope = new Option<string>("--scope") { Description = "inference, team_admin or admin.", DefaultValueFactory = _ => ScopeNames.Inference };
        var expires = new Option<DateTimeOffset?>("--expires-at") { Description = "ISO 8601 time after which the key is refused." };
        var routeOverride = new Option<bool>("--route-override") { Description = "Let the key steer routing with x-modelgate-route." };
        var metadata = List("--metadata", "NAME=VALUE pairs.");
        var limits = new LimitOptions();
        create.Options.Add(config);
        foreach (var option in new Option[] { name, team, owner, models, routes, scope, expires, routeOverride, metadata })
        {
            create.Options.Add(option);
        }

        limits.AddTo(create);
        create.SetAction((result, cancellation) => CreateKeyAsync(result.GetValue(config)!, new KeyDraft(
            result.GetValue(name)!, result.GetValue(team), result.GetValue(owner), Split(result.GetValue(models)), Split(result.GetValue(routes)),
            result.GetValue(scope)!, result.GetValue(expires), result.GetValue(routeOverride), result.GetValue(metadata) ?? [], limits.Read(result)),
            Console.Out, Console.Error, cancellation));

        var list = new Command("list", "List virtual keys (their hints, never the keys).");
        var listConfig = Config();
        var listTeam = new Option<string?>("--team") { Description = "Only this team's keys (id or name)." };
        var includeRevoked = new Option<bool>("--include-revoked") { Description = "Show revoked keys too." };
        list.Options.Add(listConfig);
        list.Options.Add(listTeam);
        list.Options.Add(includeRevoked);
        list.SetAction((result, cancellation) => ListKeysAsync(
            result.GetValue(listConfig)!, result.GetValue(listTeam), result.GetValue(includeRevoked), Console.Out, Console.Error, cancellation));

        var revoke = new Command("revoke", "Revoke a virtual key: it stops working at once.");
        var revokeConfig = Config();
        var id = new Argument<string>("id") { Description = "The key's id (key_…)." };
        revoke.Options.Add(revokeConfig);
        revoke.Arguments.Add(id);
        revoke.SetAction((result, cancellation) => RevokeKeyAsync(result.GetValue(revokeConfig)!, result.GetValue(id)!, Console.Out, Console.Error, cancellation));

        return new Command("keys", "Manage virtual keys in the configured database.") { create, list, UpdateKey(), revoke };
    }

    public static Command Teams()
    {
        var create = new Command("create", "Create a team.");
        var config = Config();
        var name = new Option<string>("--name") { Description = "Unique team name.", Required = true };
        var models = List("--models", "Models the team's keys may use (names or patterns); default all.");
        var metadata = List("--metadata", "NAME=VALUE pairs.");
        var limits = new LimitOptions();
        create.Options.Add(config);
        create.Options.Add(name);
        create.Options.Add(models);
        create.Options.Add(metadata);
        limits.AddTo(create);
        create.SetAction((result, cancellation) => CreateTeamAsync(
            result.GetValue(config)!, result.GetValue(name)!, Split(result.GetValue(models)), result.GetValue(metadata) ?? [], limits.Read(result),
            Console.Out, Console.Error, cancellation));

        var list = new Command("list", "List teams.");
        var listConfig = Config();
        list.Options.Add(listConfig);
        list.SetAction((result, cancellation) => ListTeamsAsync(result.GetValue(listConfig)!, Console.Out, Console.Error, cancellation));

        return new Command("teams", "Manage teams in the configured database.") { create, list, UpdateTeam(), DeleteTeam() };
    }

    /// <summary>What <c>keys create</c> was asked for, before it is checked.</summary>
    public sealed record KeyDraft(
        string Name, string? Team, string? Owner, IReadOnlyList<string>? Models, IReadOnlyList<string>? Routes, string Scope,
        DateTimeOffset? ExpiresAt, bool RouteOverride, IReadOnlyList<string> Metadata, GovernanceLimits Limits);

    public static async Task<int> CreateKeyAsync(string configPath, KeyDraft draft, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        var scope = ScopeNames.Parse(draft.Scope);
        var metadata = Metadata(draft.Metadata, errors);
        string? teamId = null;
        if (draft.Team is not null)
        {
            teamId = (await session.Service.FindTeamAsync(draft.Team, cancellation))?.Id;
            if (teamId is null)
            {
                errors.WriteLine($"--team: no team with id or name '{draft.Team}'.");
                return 1;
            }
        }

        if (scope is null || metadata is null || !Check(draft.Name, draft.Limits, errors))
        {
            if (scope is null)
            {
                errors.WriteLine($"--scope: must be one of {string.Join(", ", ScopeNames.All)}.");
            }

            return 1;
        }

        if (scope == KeyScope.TeamAdmin && teamId is null)
        {
            errors.WriteLine("--scope: a team_admin key needs --team.");
            return 1;
        }

        if (draft.ExpiresAt is { } expires && expires <= DateTimeOffset.UtcNow)
        {
            errors.WriteLine("--expires-at: must be in the future.");
            return 1;
        }

        var (key, secret) = await session.Service.CreateKeyAsync(Actor, new VirtualKeyRecord(
            "", draft.Name, "", teamId, draft.Owner, draft.Models, draft.Routes, draft.RouteOverride, scope.Value, draft.ExpiresAt?.ToUniversalTime(),
            metadata, draft.Limits, default, default), cancellation);
        output.WriteLine($"Created virtual key {key.Id} ({key.Name}). The key is shown only now:");
        output.WriteLine($"  {secret}");
        return 0;
    }

    public static async Task<int> ListKeysAsync(
        string configPath, string? team, bool includeRevoked, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        string? teamId = null;
        if (team is not null && (teamId = (await session.Service.FindTeamAsync(team, cancellation))?.Id) is null)
        {
            errors.WriteLine($"--team: no team with id or name '{team}'.");
            return 1;
        }

        var keys = await session.Service.Keys.ListAsync(new KeyQuery(teamId, includeRevoked, 10_000), cancellation);
        output.WriteLine("ID\tNAME\tKEY\tTEAM\tSCOPE\tEXPIRES\tREVOKED");
        foreach (var key in keys)
        {
            output.WriteLine(string.Join('\t', key.Id, key.Name, key.Hint, key.TeamId ?? "-", ScopeNames.Name(key.Scope), Time(key.ExpiresAt), Time(key.RevokedAt)));
        }

        return 0;
    }

    public static async Task<int> RevokeKeyAsync(string configPath, string id, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        var key = await session.Service.RevokeKeyAsync(Actor, id, cancellation);
        if (key is null)
        {
            errors.WriteLine($"No virtual key with id '{id}'.");
            return 1;
        }

        output.WriteLine($"Revoked {key.Id} ({key.Name}) at {Time(key.RevokedAt)}.");
        return 0;
    }

    public static async Task<int> CreateTeamAsync(
        string configPath, string name, IReadOnlyList<string>? models, IReadOnlyList<string> metadataPairs, GovernanceLimits limits,
        TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        var metadata = Metadata(metadataPairs, errors);
        if (metadata is null || !Check(name, limits, errors))
        {
            return 1;
        }

        var team = await session.Service.CreateTeamAsync(Actor, new TeamRecord("", name, models, limits, metadata, default, default), cancellation);
        if (team is null)
        {
            errors.WriteLine($"--name: a team named '{name}' already exists.");
            return 1;
        }

        output.WriteLine($"Created team {team.Id} ({team.Name}).");
        return 0;
    }

    public static async Task<int> ListTeamsAsync(string configPath, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        output.WriteLine("ID\tNAME\tMODELS");
        foreach (var team in await session.Service.Teams.ListAsync(cancellation))
        {
            output.WriteLine(string.Join('\t', team.Id, team.Name, team.AllowedModels is null ? "*" : string.Join(',', team.AllowedModels)));
        }

        return 0;
    }

    private static string Actor => "cli:" + Environment.UserName;

    private static Session? Open(string configPath, TextWriter errors)
    {
        var result = ConfigFileLoader.Load(configPath);
        if (!result.IsValid)
        {
            ValidateCommand.Report(configPath, result, errors);
            return null;
        }

        var stores = GovernanceStores.Open(configPath, result.Config!, TimeProvider.System);
        return new Session(stores, new GovernanceService(stores, TimeProvider.System));
    }

    private static bool Check(string name, GovernanceLimits limits, TextWriter errors)
    {
        var problems = new List<string>();
        if (name.Trim().Length == 0 || name.Length > AdminBody.MaxNameChars)
        {
            problems.Add($"--name: must be 1 to {AdminBody.MaxNameChars} characters.");
        }

        if (limits.Rpm < 1 || limits.Tpm < 1 || limits.MaxParallel < 1)
        {
            problems.Add("--rpm, --tpm, --max-parallel: must be at least 1.");
        }

        if (limits.MaxBudgetUsd is { } usd && (usd < 0 || decimal.Round(usd, 6) != usd))
        {
            problems.Add("--max-budget-usd: must be at least 0 with at most 6 decimal places.");
        }

        foreach (var problem in problems)
        {
            errors.WriteLine(problem);
        }

        return problems.Count == 0;
    }

    private static Dictionary<string, string>? Metadata(IReadOnlyList<string> pairs, TextWriter errors)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.WriteLine($"--metadata: '{pair}' is not NAME=VALUE.");
                return null;
            }

            map[pair[..equals]] = pair[(equals + 1)..];
        }

        return map;
    }

    private static IReadOnlyList<string>? Split(string[]? values) =>
        values is null || values.Length == 0
            ? null
            : [.. values.SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-";

    private static Option<string> Config() => new("--config", "-c")
    {
        Description = "Path of the YAML config file; its storage section names the database.",
        DefaultValueFactory = _ => CliApp.DefaultConfigPath,
    };

    private static Option<string[]> List(string name, string description) => new(name)
    {
        Description = description + " Repeat the option or separate with commas.",
        AllowMultipleArgumentsPerToken = true,
    };

    private sealed record Session(GovernanceStores Stores, GovernanceService Service) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Stores.DisposeAsync();
    }

    /// <summary>The limit and budget options shared by <c>keys create</c> and <c>teams create</c>.</summary>
    private sealed class LimitOptions
    {
        private readonly Option<int?> rpm = new("--rpm") { Description = "Requests per minute." };
        private readonly Option<int?> tpm = new("--tpm") { Description = "Tokens per minute." };
        private readonly Option<int?> maxParallel = new("--max-parallel") { Description = "Requests at once." };
        private readonly Option<decimal?> budget = new("--max-budget-usd") { Description = "Budget in USD, up to 6 decimals." };
        private readonly Option<string?> period = new("--budget-period") { Description = "daily, weekly, monthly or never." };

        public void AddTo(Command command)
        {
            command.Options.Add(rpm);
            command.Options.Add(tpm);
            command.Options.Add(maxParallel);
            command.Options.Add(budget);
            command.Options.Add(period);
            period.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text && ScopeNames.ParsePeriod(text) is null)
                {
                    result.AddError($"--budget-period must be one of {string.Join(", ", ScopeNames.Periods)}.");
                }
            });
        }

        public GovernanceLimits Read(ParseResult result) => new(
            result.GetValue(rpm), result.GetValue(tpm), result.GetValue(maxParallel), result.GetValue(budget),
            ScopeNames.ParsePeriod(result.GetValue(period)));

        public LimitChanges Changes(ParseResult result) => new(
            result.GetValue(rpm), result.GetValue(tpm), result.GetValue(maxParallel), result.GetValue(budget),
            ScopeNames.ParsePeriod(result.GetValue(period)));
    }
}
