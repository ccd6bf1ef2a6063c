using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelGate.Core.Spend;
using ModelGate.Server.Admin;

namespace ModelGate.Server.Cli;

/// <summary>
/// <c>modelgate spend</c>: the report of <c>GET /admin/spend</c> from the configured database, as an aligned table or,
/// with <c>--json</c>, as the admin API's JSON.
/// </summary>
public static partial class GovernanceCommands
{
    /// <summary>What <c>modelgate spend</c> was asked for, before it is checked.</summary>
    public sealed record SpendOptions(
        string? By = null, string? From = null, string? To = null, string? Key = null, string? Team = null, string? Model = null,
        int Limit = AdminResponses.DefaultLimit, bool Json = false);

    /// <summary>The options naming the admin API's fields, for messages.</summary>
    private static readonly Dictionary<string, string> SpendOptionNames = new()
    {
        ["group_by"] = "--by", ["from"] = "--from", ["to"] = "--to", ["limit"] = "--limit",
    };

    public static Command Spend()
    {
        var config = Config();
        var by = new Option<string?>("--by") { Description = "Group by key (default), team, model or day." };
        var from = new Option<string?>("--from") { Description = "First UTC day counted (YYYY-MM-DD)." };
        var to = new Option<string?>("--to") { Description = "Last UTC day counted (YYYY-MM-DD), inclusive." };
        var key = new Option<string?>("--key") { Description = "Only this key's spend: a key id, master or config:<name>." };
        var team = new Option<string?>("--team") { Description = "Only this team's spend (id or name)." };
        var model = new Option<string?>("--model") { Description = "Only this public model's spend." };
        var limit = new Option<int>("--limit") { Description = "Rows shown, 1 to 1000.", DefaultValueFactory = _ => AdminResponses.DefaultLimit };
        var json = new Option<bool>("--json") { Description = "Print the admin API's JSON (GET /admin/spend) instead of a table." };
        var spend = new Command("spend", "Show spend and usage from the configured database, by key, team, model or day.");
        foreach (var option in new Option[] { config, by, from, to, key, team, model, limit, json })
        {
            spend.Options.Add(option);
        }

        spend.SetAction((result, cancellation) => SpendAsync(result.GetValue(config)!, new SpendOptions(
            result.GetValue(by), result.GetValue(from), result.GetValue(to), result.GetValue(key), result.GetValue(team), result.GetValue(model),
            result.GetValue(limit), result.GetValue(json)), Console.Out, Console.Error, cancellation));
        return spend;
    }

    public static async Task<int> SpendAsync(
        string configPath, SpendOptions options, TextWriter output, TextWriter errors, CancellationToken cancellation = default)
    {
        if (SpendReport.Parse(options.By, options.From, options.To, options.Key, null, options.Model, options.Limit, out var problem) is not { } query)
        {
            errors.WriteLine($"{SpendOptionNames[problem!.Field]}: {problem.Problem}");
            return 1;
        }

        await using var session = Open(configPath, errors);
        if (session is null)
        {
            return 1;
        }

        if (options.Team is not null)
        {
            if (await session.Service.FindTeamAsync(options.Team, cancellation) is not { } team)
            {
                errors.WriteLine($"--team: no team with id or name '{options.Team}'.");
                return 1;
            }

            query = query with { TeamId = team.Id };
        }

        var report = await SpendReport.BuildAsync(session.Stores.Spend, session.Service, query, _ => true, cancellation);
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(report.View(), AdminJson.Default.SpendListView));
        }
        else
        {
            WriteSpendTable(report, output);
        }

        return 0;
    }

    private static void WriteSpendTable(SpendReport report, TextWriter output)
    {
        // Names only mean something for keys and teams; the other groupings leave the column out.
        var named = report.GroupBy is SpendGrouping.Key or SpendGrouping.Team;
        string[] Line(string group, SpendView row) =>
        [
            .. named ? new[] { group, row.Name ?? "-" } : [group],
            Count(row.Requests), Count(row.PromptTokens), Count(row.CompletionTokens),
            row.CostUsd.ToString("F6", CultureInfo.InvariantCulture), Count(row.UnknownCostRequests),
        ];

        var lines = new List<string[]>
        {
            named
                ? ["GROUP", "NAME", "REQUESTS", "PROMPT_TOKENS", "COMPLETION_TOKENS", "COST_USD", "UNKNOWN_COST"]
                : ["GROUP", "REQUESTS", "PROMPT_TOKENS", "COMPLETION_TOKENS", "COST_USD", "UNKNOWN_COST"],
        };
        foreach (var row in report.Rows)
        {
            lines.Add(Line(row.Group.Length == 0 ? "-" : row.Group, row));
        }

        lines.Add(Line("TOTAL", report.Total with { Name = "" }));
        var textColumns = named ? 2 : 1;
        var widths = Enumerable.Range(0, lines[0].Length).Select(column => lines.Max(line => line[column].Length)).ToArray();
        foreach (var line in lines)
        {
            var cells = line.Select((cell, column) => column < textColumns ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
