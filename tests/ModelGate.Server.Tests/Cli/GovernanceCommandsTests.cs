using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ModelGate.Core.Governance;
using ModelGate.Server.Cli;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Cli;

/// <summary><c>modelgate keys …</c> and <c>modelgate teams …</c> against the database a config names.</summary>
public sealed partial class GovernanceCommandsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"modelgate-cli-{Guid.NewGuid():N}");
    private readonly string config;

    public GovernanceCommandsTests()
    {
        Directory.CreateDirectory(folder);
        config = Path.Combine(folder, "modelgate.yaml");
        File.WriteAllText(config, """
            storage:
              sqlite_path: data/governance.db
            providers:
              demo: { type: mock }
            models:
              demo:
                deployments: [{ provider: demo, model: echo }]
            """);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Teams_and_keys_are_created_listed_and_revoked()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await GovernanceCommands.CreateTeamAsync(config, "research", ["demo", "gpt-*"], ["cost_center=42"], new GovernanceLimits(Rpm: 10), output, errors));
        Assert.Equal(0, await GovernanceCommands.ListTeamsAsync(config, output, errors));
        Assert.Contains("research\tdemo,gpt-*", output.ToString());
        Assert.Equal(1, await GovernanceCommands.CreateTeamAsync(config, "research", null, [], GovernanceLimits.None, TextWriter.Null, errors));
        Assert.Contains("already exists", errors.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "data", "governance.db")));

        output = new StringWriter();
        var draft = new GovernanceCommands.KeyDraft("svc", "research", "ana", null, null, "inference", null, false, ["env=prod"], GovernanceLimits.None);
        Assert.Equal(0, await GovernanceCommands.CreateKeyAsync(config, draft, output, errors));
        var secret = KeyLine().Match(output.ToString()).Groups[1].Value;
        var id = IdLine().Match(output.ToString()).Groups[1].Value;

        output = new StringWriter();
        Assert.Equal(0, await GovernanceCommands.ListKeysAsync(config, "research", false, output, errors));
        Assert.Contains(id, output.ToString());
        Assert.Contains(KeyHasher.Hint(secret), output.ToString());
        Assert.DoesNotContain(secret, output.ToString());

        Assert.Equal(0, await GovernanceCommands.RevokeKeyAsync(config, id, TextWriter.Null, errors));
        output = new StringWriter();
        Assert.Equal(0, await GovernanceCommands.ListKeysAsync(config, null, false, output, errors));
        Assert.DoesNotContain(id, output.ToString());
        Assert.Equal(1, await GovernanceCommands.RevokeKeyAsync(config, "key_missing", TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task A_key_made_by_the_cli_works_on_a_gateway_serving_the_same_config()
    {
        var output = new StringWriter();
        var draft = new GovernanceCommands.KeyDraft("svc", null, null, ["demo"], null, "inference", null, false, [], GovernanceLimits.None);
        Assert.Equal(0, await GovernanceCommands.CreateKeyAsync(config, draft, output, TextWriter.Null));
        var secret = KeyLine().Match(output.ToString()).Groups[1].Value;

        await using var gateway = await TestGateway.StartAsync(
            $"server:\n  listen: http://127.0.0.1:0\n  master_key: {TestGateway.MasterKey}\n" + await File.ReadAllTextAsync(config)
                .ContinueWith(text => text.Result.Replace("data/governance.db", Path.Combine(folder, "data", "governance.db"), StringComparison.Ordinal)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("demo")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_option()
    {
        var errors = new StringWriter();
        Assert.Equal(1, await GovernanceCommands.CreateKeyAsync(config,
            new GovernanceCommands.KeyDraft("svc", "no-such-team", null, null, null, "inference", null, false, [], GovernanceLimits.None), TextWriter.Null, errors));
        Assert.Equal(1, await GovernanceCommands.CreateKeyAsync(config,
            new GovernanceCommands.KeyDraft("svc", null, null, null, null, "root", null, false, [], GovernanceLimits.None), TextWriter.Null, errors));
        Assert.Equal(1, await GovernanceCommands.CreateKeyAsync(config,
            new GovernanceCommands.KeyDraft("svc", null, null, null, null, "inference", null, false, ["novalue"], GovernanceLimits.None), TextWriter.Null, errors));

        Assert.Contains("--team", errors.ToString());
        Assert.Contains("--scope", errors.ToString());
        Assert.Contains("--metadata", errors.ToString());
    }

    [Fact]
    public void The_commands_parse_from_the_command_line()
    {
        var result = CliApp.Build().Parse(["keys", "create", "--config", config, "--name", "svc", "--models", "a,b", "--models", "c", "--rpm", "5"]);
        Assert.Empty(result.Errors);
        Assert.Empty(CliApp.Build().Parse(["keys", "revoke", "key_1", "-c", config]).Errors);
        Assert.Empty(CliApp.Build().Parse(["teams", "create", "--name", "t", "--budget-period", "monthly"]).Errors);
        Assert.NotEmpty(CliApp.Build().Parse(["teams", "create", "--name", "t", "--budget-period", "hourly"]).Errors);
        Assert.NotEmpty(CliApp.Build().Parse(["keys", "create"]).Errors);
    }

    [GeneratedRegex(@"^\s+(mg-\S+)$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"Created virtual key (key_[0-9a-f]+)")]
    private static partial Regex IdLine();
}
