using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Budgets;
using ModelGate.Core.Governance;
using ModelGate.Core.Spend;
using ModelGate.Core.Usage;
using ModelGate.Storage.Spend;

namespace ModelGate.Storage.Tests.Spend;

public sealed class SqliteSpendLedgerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Today = new(2026, 12, 9, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase database = new();
    private readonly FakeTimeProvider time = new(Today); // never advanced: only explicit flushes write
    private SqliteSpendLedger ledger = null!;

    public Task InitializeAsync()
    {
        ledger = new SqliteSpendLedger(database.Database, time, error => throw error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await ledger.DisposeAsync();
        await database.DisposeAsync();
    }

    private static SpendEntry Entry(string key, string? team, string model, decimal? cost, DateTimeOffset? at = null, int prompt = 10, int completion = 5) =>
        new(at ?? Today, key, team, model, new TokenUsage(prompt, completion, prompt + completion, CachedPromptTokens: 2, ReasoningTokens: 1), cost);

    [Fact]
    public async Task Entries_add_up_per_group_once_written()
    {
        ledger.Record(Entry("key_a", "team_t", "gpt", 0.000001m));
        ledger.Record(Entry("key_a", "team_t", "gpt", 0.000002m));
        ledger.Record(Entry("key_b", "team_t", "claude", 0.5m));
        ledger.Record(Entry("master", null, "gpt", null));
        await ledger.FlushAsync();
        ledger.Record(Entry("key_a", "team_t", "gpt", 0.25m, Today.AddDays(-1)));

        var byKey = await ledger.QueryAsync(new SpendQuery(SpendGrouping.Key));
        Assert.Equal(["key_b", "key_a", "master"], byKey.Select(row => row.Group));
        var keyA = byKey.Single(row => row.Group == "key_a");
        Assert.Equal(3, keyA.Requests);
        Assert.Equal(0.250003m, keyA.CostUsd);
        Assert.Equal(30, keyA.PromptTokens);
        Assert.Equal(15, keyA.CompletionTokens);
        Assert.Equal(6, keyA.CachedTokens);
        Assert.Equal(3, keyA.ReasoningTokens);
        var master = byKey.Single(row => row.Group == "master");
        Assert.Equal(1, master.UnknownCostRequests);
        Assert.Equal(0m, master.CostUsd);

        var byTeam = await ledger.QueryAsync(new SpendQuery(SpendGrouping.Team));
        Assert.Equal(0.750003m, byTeam.Single(row => row.Group == "team_t").CostUsd);
        Assert.Equal(1, byTeam.Single(row => row.Group == "").Requests);

        var byDay = await ledger.QueryAsync(new SpendQuery(SpendGrouping.Day));
        Assert.Equal(["2026-12-09", "2026-12-08"], byDay.Select(row => row.Group));

        var byModel = await ledger.QueryAsync(new SpendQuery(SpendGrouping.Model, KeyId: "key_a", From: new DateOnly(2026, 12, 9)));
        Assert.Equal(0.000003m, Assert.Single(byModel).CostUsd);
    }

    [Fact]
    public async Task Spent_since_counts_written_and_pending_spend_from_the_day_given()
    {
        ledger.Record(Entry("key_a", "team_t", "gpt", 1m, Today.AddDays(-10)));
        ledger.Record(Entry("key_a", "team_t", "gpt", 2m));
        await ledger.FlushAsync();
        ledger.Record(Entry("key_a", "team_t", "claude", 4m));
        ledger.Record(Entry("key_b", "team_t", "gpt", 8m));

        Assert.Equal(6m, ledger.SpentSince(BudgetSubject.KeyPrefix + "key_a", new DateOnly(2026, 12, 1)));
        Assert.Equal(7m, ledger.SpentSince(BudgetSubject.KeyPrefix + "key_a", DateOnly.MinValue));
        Assert.Equal(14m, ledger.SpentSince(BudgetSubject.TeamPrefix + "team_t", new DateOnly(2026, 12, 1)));
        Assert.Equal(0m, ledger.SpentSince(BudgetSubject.TeamPrefix + "key_a", DateOnly.MinValue));
    }

    [Fact]
    public async Task A_fraction_of_a_nano_dollar_rounds_up_never_down()
    {
        ledger.Record(Entry("key_a", null, "gpt", 0.0000000001m));
        await ledger.FlushAsync();
        Assert.Equal(0.000000001m, ledger.SpentSince("key:key_a", DateOnly.MinValue));
    }

    [Fact]
    public async Task Spend_survives_a_restart_and_filters_are_plain_values()
    {
        ledger.Record(Entry("key_a", "team_t", "gpt", 0.5m));
        await ledger.DisposeAsync();
        await database.ReopenAsync();
        ledger = new SqliteSpendLedger(database.Database, time, error => throw error);

        Assert.Equal(0.5m, ledger.SpentSince("key:key_a", DateOnly.MinValue));
        Assert.Empty(await ledger.QueryAsync(new SpendQuery(SpendGrouping.Key, KeyId: "key_a' OR '1'='1")));
        Assert.Equal(0m, ledger.SpentSince("key:key_a' OR '1'='1", DateOnly.MinValue));
    }

    [Fact]
    public async Task The_periodic_write_runs_on_the_clock()
    {
        ledger.Record(Entry("key_a", null, "gpt", 0.5m));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await CountRowsAsync() == 0 && DateTime.UtcNow < deadline)
        {
            // The loop may not have started its wait yet when the clock first moves: move it until the write shows.
            time.Advance(SqliteSpendLedger.FlushInterval);
            await Task.Delay(20);
        }

        Assert.Equal(1, await CountRowsAsync());
    }

    private Task<long> CountRowsAsync()
    {
        using var connection = database.Database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM spend_daily";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Budget_alerts_are_kept_newest_first_and_by_team()
    {
        var alerts = new SqliteBudgetAlertLog(database.Database);
        var key = new BudgetSubject("key:key_a", "key 'a'", 10m, BudgetPeriod.Monthly, "team_t");
        var other = new BudgetSubject("team:team_u", "team 'u'", 5m, BudgetPeriod.Daily, "team_u");
        await alerts.AppendAsync(new BudgetAlert(key, 80, 8.5m, new DateOnly(2026, 12, 1), Today));
        await alerts.AppendAsync(new BudgetAlert(other, 100, 5.25m, new DateOnly(2026, 12, 9), Today.AddMinutes(1)));

        var all = await alerts.ListAsync(null, 10);
        Assert.Equal(["team:team_u", "key:key_a"], all.Select(alert => alert.SubjectId));
        var mine = Assert.Single(await alerts.ListAsync("team_t", 10));
        Assert.Equal(80, mine.Percent);
        Assert.Equal(8.5m, mine.SpentUsd);
        Assert.Equal(10m, mine.LimitUsd);
        Assert.Equal("monthly", mine.BudgetPeriod);
        Assert.Equal(new DateOnly(2026, 12, 1), mine.PeriodStart);
        Assert.Equal("key 'a'", mine.SubjectName);
    }
}
