using System.Net;
using System.Text.Json.Nodes;

namespace ModelGate.Server.Tests.Admin;

/// <summary><c>GET /admin/keys/{id}/budget</c>, <c>GET /admin/teams/{id}/budget</c> and <c>GET /admin/budget-alerts</c>.</summary>
public sealed class BudgetAdminTests : SpendTestBase
{
    /// <summary>400 characters: 100 prompt and 100 completion tokens, $0.30 on <c>demo</c>, but reserved at about $0.12.</summary>
    private static readonly string LongText = new('x', 400);

    [Fact]
    public async Task A_key_budget_shows_its_period_its_spend_and_what_is_left()
    {
        var (id, key) = await CreateKeyAsync(new { name = "capped", max_budget_usd = 10, budget_period = "monthly" });
        await ChatOkAsync(key, times: 2);

        var budget = await BudgetAfterAsync($"/admin/keys/{id}/budget", 2 * DemoCost);
        var now = DateTime.UtcNow;
        var month = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal("budget", budget["object"]!.GetValue<string>());
        Assert.Equal("key:" + id, budget["subject_id"]!.GetValue<string>());
        Assert.Equal("capped", budget["name"]!.GetValue<string>());
        Assert.Equal(10m, Usd(budget["max_budget_usd"]));
        Assert.Equal("monthly", budget["budget_period"]!.GetValue<string>());
        Assert.Equal(month.ToString("yyyy-MM-dd"), budget["period_start"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(month.AddMonths(1)), budget["resets_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0m, Usd(budget["reserved_usd"]));
        Assert.Equal(10m - 2 * DemoCost, Usd(budget["remaining_usd"]));
    }

    [Fact]
    public async Task Without_a_budget_the_view_shows_all_time_spend_and_nulls()
    {
        var team = await CreateTeamAsync(new { name = "open" });
        var (id, key) = await CreateKeyAsync(new { name = "free", team_id = team });
        await ChatOkAsync(key);
        await ChatOkAsync(key, "other");

        var keyBudget = await BudgetAfterAsync($"/admin/keys/{id}/budget", DemoCost + OtherCost);
        var teamBudget = await BudgetAfterAsync($"/admin/teams/{team}/budget", DemoCost + OtherCost);
        foreach (var (budget, subject, name) in new[] { (keyBudget, "key:" + id, "free"), (teamBudget, "team:" + team, "open") })
        {
            Assert.Equal(subject, budget["subject_id"]!.GetValue<string>());
            Assert.Equal(name, budget["name"]!.GetValue<string>());
            Assert.Equal(0m, Usd(budget["reserved_usd"]));
            foreach (var field in new[] { "max_budget_usd", "budget_period", "period_start", "resets_at", "remaining_usd" })
            {
                Assert.True(budget.AsObject().ContainsKey(field), field);
                Assert.Null(budget[field]);
            }
        }
    }

    [Fact]
    public async Task A_team_budget_that_never_resets_has_no_period_dates()
    {
        var team = await CreateTeamAsync(new { name = "lifetime", max_budget_usd = 20, budget_period = "never" });
        var (_, key) = await CreateKeyAsync(new { name = "member", team_id = team });
        await ChatOkAsync(key);
        await ChatOkAsync(key, "other");

        var budget = await BudgetAfterAsync($"/admin/teams/{team}/budget", DemoCost + OtherCost);
        Assert.Equal("never", budget["budget_period"]!.GetValue<string>());
        Assert.Null(budget["period_start"]);
        Assert.Null(budget["resets_at"]);
        Assert.Equal(20m - DemoCost - OtherCost, Usd(budget["remaining_usd"]));
        AssertError(HttpStatusCode.NotFound, "team_not_found", null, await GetAsync("/admin/teams/team_missing/budget"));
        AssertError(HttpStatusCode.NotFound, "key_not_found", null, await GetAsync("/admin/keys/key_missing/budget"));
    }

    [Fact]
    public async Task Alerts_are_listed_newest_first_and_a_team_admin_sees_its_own()
    {
        var mine = await CreateTeamAsync(new { name = "mine" });
        var theirs = await CreateTeamAsync(new { name = "theirs" });
        var (_, lead) = await CreateKeyAsync(new { name = "lead", team_id = mine, scope = "team_admin" });
        var (mineId, mineKey) = await CreateKeyAsync(new { name = "mine-key", team_id = mine, max_budget_usd = 0.5m, budget_period = "daily" });
        var (theirId, theirKey) = await CreateKeyAsync(new { name = "their-key", team_id = theirs, max_budget_usd = 0.5m });

        // The second request of each crosses 80% of $0.50 ($0.30, then $0.60).
        Assert.Equal(HttpStatusCode.OK, await ChatTextAsync(theirKey, LongText));
        Assert.Equal(HttpStatusCode.OK, await ChatTextAsync(theirKey, LongText));
        await AlertsAfterAsync(1);
        Assert.Equal(HttpStatusCode.OK, await ChatTextAsync(mineKey, LongText));
        Assert.Equal(HttpStatusCode.OK, await ChatTextAsync(mineKey, LongText));

        var alerts = await AlertsAfterAsync(2);
        Assert.Equal(["key:" + mineId, "key:" + theirId], alerts.Select(alert => alert!["subject_id"]!.GetValue<string>()));
        var newest = alerts[0]!;
        Assert.Equal("key 'mine-key'", newest["subject_name"]!.GetValue<string>());
        Assert.Equal(mine, newest["team_id"]!.GetValue<string>());
        Assert.Equal(80, newest["percent"]!.GetValue<int>());
        Assert.Equal(0.6m, Usd(newest["spent_usd"]));
        Assert.Equal(0.5m, Usd(newest["max_budget_usd"]));
        Assert.Equal("daily", newest["budget_period"]!.GetValue<string>());
        Assert.Equal(Today, newest["period_start"]!.GetValue<string>());
        Assert.True(newest["id"]!.GetValue<long>() > alerts[1]!["id"]!.GetValue<long>());
        Assert.Equal("never", alerts[1]!["budget_period"]!.GetValue<string>());
        Assert.Null(alerts[1]!["period_start"]);

        Assert.Single((await GetAsync("/admin/budget-alerts?limit=1")).Body["data"]!.AsArray());
        var seen = (await GetAsync("/admin/budget-alerts", lead)).Body["data"]!.AsArray();
        Assert.Equal(["key:" + mineId], seen.Select(alert => alert!["subject_id"]!.GetValue<string>()));
        AssertError(HttpStatusCode.BadRequest, "invalid_value", "limit", await GetAsync("/admin/budget-alerts?limit=0"));

        // Past its budget, the key's view shows nothing left.
        Assert.Equal(0m, Usd((await GetAsync($"/admin/keys/{mineId}/budget")).Body["remaining_usd"]));

        // An admin key placed in the team is out of the team admin's sight, its alerts too.
        var (_, bossKey) = await CreateKeyAsync(new { name = "boss", team_id = mine, scope = "admin", max_budget_usd = 0.5m });
        Assert.Equal(HttpStatusCode.OK, await ChatTextAsync(bossKey, LongText));
        Assert.Equal(HttpStatusCode.OK, await ChatTextAsync(bossKey, LongText));
        await AlertsAfterAsync(3);
        seen = (await GetAsync("/admin/budget-alerts", lead)).Body["data"]!.AsArray();
        Assert.Equal(["key:" + mineId], seen.Select(alert => alert!["subject_id"]!.GetValue<string>()));
    }

    /// <summary>A budget view once its spend reaches <paramref name="spent"/>.</summary>
    private async Task<JsonNode> BudgetAfterAsync(string path, decimal spent)
    {
        var budget = await EventuallyAsync(async () => (await GetAsync(path)).Body, body => body["spent_usd"] is { } usd && Usd(usd) >= spent);
        Assert.Equal(spent, Usd(budget["spent_usd"]));
        return budget;
    }

    private async Task<JsonArray> AlertsAfterAsync(int count)
    {
        var alerts = await EventuallyAsync(async () => (await GetAsync("/admin/budget-alerts")).Body["data"]!.AsArray(), data => data.Count >= count);
        Assert.Equal(count, alerts.Count);
        return alerts;
    }
}
