using System.Text.RegularExpressions;
using ModelGate.Core.Governance;
using ModelGate.Server.Admin;
using ModelGate.Server.Cli;
using ModelGate.Server.Hosting;

namespace ModelGate.Server.Tests.Cli;

/// <summary><c>modelgate keys update</c>, <c>modelgate teams update|delete</c>: the admin API's rules, audited as the CLI.</summary>
public sealed partial class GovernanceUpdateCommandsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"modelgate-cli-{Guid.NewGuid():N}");
    private readonly string config;

    public GovernanceUpdateCommandsTests()
    {
        Directory.CreateDirectory(folder);
        config = Path.Combine(folder, "modelgate.yaml");
        File.WriteAllText(config, """
            storage:
              sqlite_path: governance.db
            providers:
              demo: { type: mock }
            models:
              demo:
                deployments: [{ provider: demo, model: echo }]
            """);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_key_update_changes_the_fields_given_clears_those_named_and_keeps_the_rest()
    {
        await GovernanceCommands.CreateTeamAsync(config, "research", null, [], GovernanceLimits.None, TextWriter.Null, TextWriter.Null);
        var id = await CreateKeyAsync(new GovernanceCommands.KeyDraft(
            "svc", null, "ana", ["demo"], ["/v1/chat/completions"], "inference", DateTimeOffset.UtcNow.AddDays(1), false, ["env=prod"], new GovernanceLimits(Rpm: 5)));

        var errors = new StringWriter();
        var changes = new GovernanceCommands.KeyChanges(
            Name: "svc2", Team: "research", Models: ["gpt-*"], Scope: "team_admin", RouteOverride: true,
            Limits: new GovernanceCommands.LimitChanges(Tpm: 1000), Clear: ["routes", "expires-at", "rpm"]);
        Assert.Equal(0, await GovernanceCommands.UpdateKeyAsync(config, id, changes, TextWriter.Null, errors));

        var (key, audit) = await ReadAsync(id);
        Assert.Equal("svc2", key.Name);
        Assert.Equal("ana", key.Owner);
        Assert.Equal(["gpt-*"], key.AllowedModels!);
        Assert.Null(key.AllowedRoutes);
        Assert.Null(key.ExpiresAt);
        Assert.True(key.RouteOverride);
        Assert.Equal(KeyScope.TeamAdmin, key.Scope);
        Assert.Equal(new GovernanceLimits(Tpm: 1000), key.Limits);
        Assert.Equal("prod", key.Metadata["env"]);
        var entry = audit.First();
        Assert.Equal("key.update", entry.Action);
        Assert.StartsWith("cli:", entry.Actor, StringComparison.Ordinal);
        Assert.Contains("\"svc\"", entry.Before!, StringComparison.Ordinal);
        Assert.Contains("\"svc2\"", entry.After!, StringComparison.Ordinal);
        Assert.DoesNotContain("mg-", entry.After!.Replace(key.Hint, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_update_refuses_what_the_admin_API_refuses()
    {
        var id = await CreateKeyAsync(new GovernanceCommands.KeyDraft("svc", null, null, null, null, "inference", null, false, [], GovernanceLimits.None));

        await AssertRefusedAsync(id, new(Scope: "team_admin"), "needs a team");
        await AssertRefusedAsync(id, new(Scope: "root"), "--scope");
        await AssertRefusedAsync(id, new(Team: "nope"), "no team");
        await AssertRefusedAsync(id, new(ExpiresAt: DateTimeOffset.UtcNow.AddMinutes(-1)), "future");
        await AssertRefusedAsync(id, new(Limits: new GovernanceCommands.LimitChanges(Rpm: 0)), "at least 1");
        await AssertRefusedAsync(id, new(Routes: ["v1/chat"]), "must start with '/'");
        await AssertRefusedAsync(id, new(Clear: ["name"]), "--clear");
        await AssertRefusedAsync(id, new(Metadata: ["novalue"]), "NAME=VALUE");
        await AssertRefusedAsync("key_missing", new(Name: "x"), "No virtual key");

        Assert.Equal(0, await GovernanceCommands.RevokeKeyAsync(config, id, TextWriter.Null, TextWriter.Null));
        await AssertRefusedAsync(id, new(Name: "x"), "revoked");
        var (key, audit) = await ReadAsync(id);
        Assert.Equal("svc", key.Name);
        Assert.DoesNotContain(audit, entry => entry.Action == "key.update");
    }

    [Fact]
    public async Task Teams_are_updated_by_id_or_name_and_deleted_only_without_active_keys()
    {
        await GovernanceCommands.CreateTeamAsync(config, "research", ["demo"], ["cc=1"], new GovernanceLimits(Rpm: 10), TextWriter.Null, TextWriter.Null);
        await GovernanceCommands.CreateTeamAsync(config, "ops", null, [], GovernanceLimits.None, TextWriter.Null, TextWriter.Null);
        var errors = new StringWriter();

        Assert.Equal(0, await GovernanceCommands.UpdateTeamAsync(config, "research", new(
            Name: "science", Limits: new GovernanceCommands.LimitChanges(MaxParallel: 3), Clear: ["models", "rpm"]), TextWriter.Null, errors));
        Assert.Equal(1, await GovernanceCommands.UpdateTeamAsync(config, "science", new(Name: "ops"), TextWriter.Null, errors));
        Assert.Contains("already exists", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await GovernanceCommands.UpdateTeamAsync(config, "research", new(Name: "x"), TextWriter.Null, errors));
        Assert.Equal(1, await GovernanceCommands.UpdateTeamAsync(config, "science", new(Clear: ["name"]), TextWriter.Null, errors));

        await using (var stores = Open())
        {
            var team = (await stores.Teams.ListAsync()).Single(t => t.Name == "science");
            Assert.Null(team.AllowedModels);
            Assert.Equal(new GovernanceLimits(MaxParallel: 3), team.Limits);
            Assert.Equal("1", team.Metadata["cc"]);
        }

        var id = await CreateKeyAsync(new GovernanceCommands.KeyDraft("svc", "science", null, null, null, "inference", null, false, [], GovernanceLimits.None));
        Assert.Equal(1, await GovernanceCommands.DeleteTeamAsync(config, "science", TextWriter.Null, errors));
        Assert.Contains("not revoked", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await GovernanceCommands.RevokeKeyAsync(config, id, TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await GovernanceCommands.DeleteTeamAsync(config, "science", TextWriter.Null, errors));
        Assert.Equal(1, await GovernanceCommands.DeleteTeamAsync(config, "science", TextWriter.Null, errors));

        await using (var stores = Open())
        {
            Assert.DoesNotContain(await stores.Teams.ListAsync(), t => t.Name == "science");
            var actions = (await stores.Audit.ListAsync(new AuditQuery())).Select(entry => entry.Action).ToList();
            Assert.Contains("team.update", actions);
            Assert.Contains("team.delete", actions);
        }
    }

    [Fact]
    public void The_commands_parse_from_the_command_line()
    {
        var root = CliApp.Build();
        Assert.Empty(root.Parse(["keys", "update", "key_1", "--name", "n", "--models", "a,b", "--route-override", "false", "--clear", "rpm", "--tpm", "5"]).Errors);
        Assert.Empty(root.Parse(["teams", "update", "research", "--name", "n", "--clear", "models", "--budget-period", "daily"]).Errors);
        Assert.Empty(root.Parse(["teams", "delete", "research"]).Errors);
        Assert.NotEmpty(root.Parse(["teams", "update", "research", "--budget-period", "hourly"]).Errors);
    }

    private async Task AssertRefusedAsync(string id, GovernanceCommands.KeyChanges changes, string message)
    {
        var errors = new StringWriter();
        Assert.Equal(1, await GovernanceCommands.UpdateKeyAsync(config, id, changes, TextWriter.Null, errors));
        Assert.Contains(message, errors.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> CreateKeyAsync(GovernanceCommands.KeyDraft draft)
    {
        var output = new StringWriter();
        Assert.Equal(0, await GovernanceCommands.CreateKeyAsync(config, draft, output, TextWriter.Null));
        return IdLine().Match(output.ToString()).Groups[1].Value;
    }

    private async Task<(VirtualKeyRecord Key, IReadOnlyList<AuditEntry> Audit)> ReadAsync(string id)
    {
        await using var stores = Open();
        return ((await stores.Keys.GetAsync(id))!, await stores.Audit.ListAsync(new AuditQuery(TargetId: id)));
    }

    private GovernanceStores Open() => GovernanceStores.Open(config, ConfigFileLoader.Load(config).Config!, TimeProvider.System);

    [GeneratedRegex(@"Created virtual key (key_\S+)")]
    private static partial Regex IdLine();
}
