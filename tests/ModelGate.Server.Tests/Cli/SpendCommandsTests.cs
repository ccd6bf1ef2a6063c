using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelGate.Core.Governance;
using ModelGate.Core.Spend;
using ModelGate.Core.Usage;
using ModelGate.Server.Admin;
using ModelGate.Server.Cli;
using ModelGate.Server.Hosting;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Cli;

/// <summary><c>modelgate spend</c> against the database a config names.</summary>
public sealed partial class SpendCommandsTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"modelgate-cli-{Guid.NewGuid():N}");
    private readonly string config;

    public SpendCommandsTests()
    {
        Directory.CreateDirectory(folder);
        config = Path.Combine(folder, "modelgate.yaml");
        File.WriteAllText(config, $$"""
            storage:
              sqlite_path: {{Path.Combine(folder, "governance.db")}}
            providers:
              demo: { type: mock }
            models:
              demo:
                deployments: [{ provider: demo, model: echo, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }]
            """);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_table_lists_each_group_with_its_name_and_a_total_line()
    {
        var keyId = await RecordAsync();

        var lines = await TableAsync(new GovernanceCommands.SpendOptions());

        Assert.Equal(["GROUP", "NAME", "REQUESTS", "PROMPT_TOKENS", "COMPLETION_TOKENS", "COST_USD", "UNKNOWN_COST"], Cells(lines[0]));
        Assert.Equal([keyId, "notebook", "2", "200", "100", "0.500000", "0"], Cells(lines[1]));
        Assert.Equal(["master", "-", "1", "10", "5", "0.012500", "0"], Cells(lines[2]));
        Assert.Equal(["config:ci", "-", "1", "40", "20", "0.000000", "1"], Cells(lines[3]));
        Assert.Equal(["TOTAL", "4", "250", "125", "0.512500", "1"], Cells(lines[4]));
        Assert.Equal(5, lines.Count);
        Assert.Single(lines.Select(line => line.Length).Distinct());

        var byModel = await TableAsync(new GovernanceCommands.SpendOptions(By: "model"));
        Assert.Equal(["GROUP", "REQUESTS", "PROMPT_TOKENS", "COMPLETION_TOKENS", "COST_USD", "UNKNOWN_COST"], Cells(byModel[0]));
        Assert.Equal(["demo", "3", "210", "105", "0.512500", "0"], Cells(byModel[1]));
        Assert.Equal(["other", "1", "40", "20", "0.000000", "1"], Cells(byModel[2]));

        var teamDays = await TableAsync(new GovernanceCommands.SpendOptions(By: "day", Team: "research", From: "2026-03-14", To: "2026-03-14"));
        Assert.Equal(["2026-03-14", "1", "100", "50", "0.250000", "0"], Cells(teamDays[1]));
        Assert.Equal(["TOTAL", "1", "100", "50", "0.250000", "0"], Cells(teamDays[2]));

        var byTeam = await TableAsync(new GovernanceCommands.SpendOptions(By: "team", Limit: 1));
        Assert.Equal(["TOTAL", "4", "250", "125", "0.512500", "1"], Cells(byTeam[^1]));
        Assert.Equal(3, byTeam.Count);
    }

    [Fact]
    public async Task Json_is_the_admin_api_answer()
    {
        var keyId = await RecordAsync();
        var output = new StringWriter();

        Assert.Equal(0, await GovernanceCommands.SpendAsync(config, new GovernanceCommands.SpendOptions(Key: keyId, Json: true), output, TextWriter.Null));

        var json = JsonNode.Parse(output.ToString())!;
        Assert.Equal("list", json["object"]!.GetValue<string>());
        Assert.Equal("key", json["group_by"]!.GetValue<string>());
        var row = json["data"]!.AsArray().Single()!;
        Assert.Equal(keyId, row["group"]!.GetValue<string>());
        Assert.Equal("notebook", row["name"]!.GetValue<string>());
        Assert.Equal(0.5m, row["cost_usd"]!.GetValue<decimal>());
        Assert.Equal(0.5m, json["total_cost_usd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Json_matches_a_running_gateway_on_the_same_database_byte_for_byte()
    {
        await using var gateway = await TestGateway.StartAsync(
            $"server:\n  listen: http://127.0.0.1:0\n  master_key: {TestGateway.MasterKey}\n" + await File.ReadAllTextAsync(config));
        using (var chat = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = ChatBodies.Json(ChatBodies.Simple("demo")) })
        {
            chat.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.MasterKey);
            (await gateway.Http.SendAsync(chat)).EnsureSuccessStatusCode();
        }

        // The request is billed just after its answer; the admin API writes what it has before answering.
        var answer = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !answer.Contains("\"requests\":1", StringComparison.Ordinal); await Task.Delay(20))
        {
            Assert.True(DateTime.UtcNow < deadline, answer);
            answer = await gateway.Http.GetStringAsync("admin/spend?group_by=model");
        }

        var output = new StringWriter();
        Assert.Equal(0, await GovernanceCommands.SpendAsync(config, new GovernanceCommands.SpendOptions(By: "model", Json: true), output, TextWriter.Null));
        Assert.Equal(answer, output.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("--by", "week", null, null, 100, null)]
    [InlineData("--from", null, "14-03-2026", null, 100, null)]
    [InlineData("--to", null, null, "2026-3-14", 100, null)]
    [InlineData("--from", null, "2026-03-15", "2026-03-14", 100, null)]
    [InlineData("--limit", null, null, null, 0, null)]
    [InlineData("--limit", null, null, null, 1001, null)]
    [InlineData("--team", null, null, null, 100, "no-such-team")]
    public async Task Bad_options_are_refused_naming_the_option(string option, string? by, string? from, string? to, int limit, string? team)
    {
        var errors = new StringWriter();

        var exit = await GovernanceCommands.SpendAsync(
            config, new GovernanceCommands.SpendOptions(By: by, From: from, To: to, Team: team, Limit: limit), TextWriter.Null, errors);

        Assert.Equal(1, exit);
        Assert.StartsWith(option + ": ", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_parses_from_the_command_line()
    {
        Assert.Empty(CliApp.Build().Parse(["spend", "-c", config, "--by", "team", "--from", "2026-01-01", "--to", "2026-01-31", "--key", "master",
            "--team", "research", "--model", "demo", "--limit", "5", "--json"]).Errors);
        Assert.NotEmpty(CliApp.Build().Parse(["spend", "--limit", "ten"]).Errors);
    }

    /// <summary>
    /// A team with a key, and spend on 14 March 2026: the key $0.25 twice (once the day before), the master key $0.0125,
    /// a config key once at no known price. Returns the key's id.
    /// </summary>
    private async Task<string> RecordAsync()
    {
        Assert.Equal(0, await GovernanceCommands.CreateTeamAsync(config, "research", null, [], GovernanceLimits.None, TextWriter.Null, TextWriter.Null));
        var output = new StringWriter();
        var draft = new GovernanceCommands.KeyDraft("notebook", "research", null, null, null, "inference", null, false, [], GovernanceLimits.None);
        Assert.Equal(0, await GovernanceCommands.CreateKeyAsync(config, draft, output, TextWriter.Null));
        var keyId = IdLine().Match(output.ToString()).Groups[1].Value;

        await using var stores = GovernanceStores.Open(config, ConfigFileLoader.Load(config).Config!, TimeProvider.System);
        var teamId = (await stores.Teams.FindByNameAsync("research"))!.Id;
        stores.Spend.Record(new SpendEntry(Day, keyId, teamId, "demo", new TokenUsage(100, 50, 150), 0.25m));
        stores.Spend.Record(new SpendEntry(Day.AddDays(-1), keyId, teamId, "demo", new TokenUsage(100, 50, 150), 0.25m));
        stores.Spend.Record(new SpendEntry(Day, "master", null, "demo", new TokenUsage(10, 5, 15), 0.0125m));
        stores.Spend.Record(new SpendEntry(Day, "config:ci", null, "other", new TokenUsage(40, 20, 60), null));
        return keyId;
    }

    private async Task<List<string>> TableAsync(GovernanceCommands.SpendOptions options)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.True(await GovernanceCommands.SpendAsync(config, options, output, errors) == 0, errors.ToString());
        return [.. output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"Created virtual key (key_[0-9a-f]+)")]
    private static partial Regex IdLine();
}
