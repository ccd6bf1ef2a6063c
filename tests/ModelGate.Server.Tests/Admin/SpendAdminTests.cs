using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ModelGate.Server.Tests.Infrastructure;

namespace ModelGate.Server.Tests.Admin;

/// <summary><c>GET /admin/spend</c> after real requests: groupings, filters, bad parameters and what a team admin sees.</summary>
public sealed class SpendAdminTests : SpendTestBase
{
    [Fact]
    public async Task Spend_is_added_up_by_key_team_model_and_day()
    {
        var team = await CreateTeamAsync(new { name = "research" });
        var (alphaId, alpha) = await CreateKeyAsync(new { name = "alpha", team_id = team });
        var (betaId, beta) = await CreateKeyAsync(new { name = "beta" });
        await ChatOkAsync(alpha, times: 2);
        await ChatOkAsync(alpha, "other");
        await ChatOkAsync(beta);
        await ChatOkAsync(TestGateway.MasterKey, "other");
        await ChatOkAsync(TestGateway.MasterKey, "unpriced");

        var byKey = await SpendAfterAsync(6);
        Assert.Equal("list", byKey["object"]!.GetValue<string>());
        Assert.Equal("key", byKey["group_by"]!.GetValue<string>());
        Assert.Equal([alphaId, "master", betaId], Groups(byKey));
        AssertRow(Row(byKey, alphaId), "alpha", 3, 2 * DemoCost + OtherCost);
        AssertRow(Row(byKey, "master"), null, 2, OtherCost, unknownCost: 1);
        AssertRow(Row(byKey, betaId), "beta", 1, DemoCost);
        Assert.Equal(0, Row(byKey, alphaId)["cached_tokens"]!.GetValue<long>());
        Assert.Equal(0, Row(byKey, alphaId)["cache_creation_tokens"]!.GetValue<long>());
        Assert.Equal(0, Row(byKey, alphaId)["reasoning_tokens"]!.GetValue<long>());
        Assert.Equal(3 * DemoCost + 2 * OtherCost, Usd(byKey["total_cost_usd"]));

        var byTeam = (await GetAsync("/admin/spend?group_by=team")).Body;
        Assert.Equal("team", byTeam["group_by"]!.GetValue<string>());
        Assert.Equal([team, ""], Groups(byTeam));
        AssertRow(Row(byTeam, team), "research", 3, 2 * DemoCost + OtherCost);
        AssertRow(Row(byTeam, ""), null, 3, DemoCost + OtherCost, unknownCost: 1);

        var byModel = (await GetAsync("/admin/spend?group_by=model")).Body;
        Assert.Equal(["other", "demo", "unpriced"], Groups(byModel));
        AssertRow(Row(byModel, "other"), null, 2, 2 * OtherCost);
        AssertRow(Row(byModel, "demo"), null, 3, 3 * DemoCost);
        AssertRow(Row(byModel, "unpriced"), null, 1, 0, unknownCost: 1);

        var byDay = (await GetAsync("/admin/spend?group_by=day")).Body;
        Assert.Equal([Today], Groups(byDay));
        AssertRow(Row(byDay, Today), null, 6, 3 * DemoCost + 2 * OtherCost, unknownCost: 1);
    }

    [Fact]
    public async Task Filters_narrow_the_spend_and_the_total_counts_rows_past_the_limit()
    {
        var team = await CreateTeamAsync(new { name = "research" });
        var (alphaId, alpha) = await CreateKeyAsync(new { name = "alpha", team_id = team });
        var (_, beta) = await CreateKeyAsync(new { name = "beta" });
        await ChatOkAsync(alpha, times: 2);
        await ChatOkAsync(alpha, "other");
        await ChatOkAsync(beta);
        await SpendAfterAsync(4);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var alphaOnly = (await GetAsync($"/admin/spend?key_id={alphaId}")).Body;
        Assert.Equal([alphaId], Groups(alphaOnly));
        Assert.Equal(2 * DemoCost + OtherCost, Usd(alphaOnly["total_cost_usd"]));

        var teamModels = (await GetAsync($"/admin/spend?team_id={team}&group_by=model")).Body;
        Assert.Equal(["other", "demo"], Groups(teamModels));
        AssertRow(Row(teamModels, "demo"), null, 2, 2 * DemoCost);

        var demoTeams = (await GetAsync("/admin/spend?model=demo&group_by=team")).Body;
        AssertRow(Row(demoTeams, team), "research", 2, 2 * DemoCost);
        AssertRow(Row(demoTeams, ""), null, 1, DemoCost);

        var limited = (await GetAsync("/admin/spend?limit=1")).Body;
        Assert.Equal([alphaId], Groups(limited));
        Assert.Equal(3 * DemoCost + OtherCost, Usd(limited["total_cost_usd"]));

        Assert.Equal(4, Row((await GetAsync($"/admin/spend?group_by=day&from={Today}&to={Today}")).Body, Today)["requests"]!.GetValue<long>());
        Assert.Equal(4, Row((await GetAsync($"/admin/spend?group_by=day&from={yesterday}&to={tomorrow}")).Body, Today)["requests"]!.GetValue<long>());
        foreach (var outside in new[] { $"from={tomorrow}", $"to={yesterday}", $"from={yesterday}&to={yesterday}" })
        {
            var none = (await GetAsync("/admin/spend?" + outside)).Body;
            Assert.Empty(none["data"]!.AsArray());
            Assert.Equal(0m, Usd(none["total_cost_usd"]));
        }
    }

    [Theory]
    [InlineData("group_by=week", "group_by")]
    [InlineData("group_by=key%3B%20DROP%20TABLE%20spend_daily", "group_by")]
    [InlineData("from=2026-02-30", "from")]
    [InlineData("from=26-01-01", "from")]
    [InlineData("from=2026-01-01T00:00:00Z", "from")]
    [InlineData("to=2026%2F01%2F31", "to")]
    [InlineData("from=2026-02-01&to=2026-01-31", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string query, string param) =>
        AssertError(HttpStatusCode.BadRequest, "invalid_value", param, await GetAsync("/admin/spend?" + query));

    [Fact]
    public async Task Unknown_query_parameters_are_ignored_as_on_the_other_admin_reads()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/admin/spend?colour=blue")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/admin/keys?colour=blue")).Status);
    }

    [Fact]
    public async Task Sql_in_a_filter_is_a_plain_value_that_matches_nothing()
    {
        var (_, alpha) = await CreateKeyAsync(new { name = "alpha" });
        await ChatOkAsync(alpha);
        await SpendAfterAsync(1);
        string[] attacks =
        [
            "' OR '1'='1", "x'; DROP TABLE spend_daily; --", "\" OR 1=1 --", "%' OR key_id LIKE '%", "1) UNION SELECT * FROM virtual_keys --",
        ];

        foreach (var param in new[] { "key_id", "team_id", "model" })
        {
            foreach (var attack in attacks)
            {
                var (status, body, text) = await GetAsync($"/admin/spend?{param}={Uri.EscapeDataString(attack)}");
                Assert.True(status == HttpStatusCode.OK, text);
                Assert.Empty(body["data"]!.AsArray());
                Assert.Equal(0m, Usd(body["total_cost_usd"]));
            }
        }

        Assert.Equal(DemoCost, Usd((await GetAsync("/admin/spend")).Body["total_cost_usd"]));
    }

    [Fact]
    public async Task A_team_admin_sees_only_its_own_teams_spend_and_budgets()
    {
        var mine = await CreateTeamAsync(new { name = "mine", max_budget_usd = 10 });
        var theirs = await CreateTeamAsync(new { name = "theirs" });
        var (_, lead) = await CreateKeyAsync(new { name = "lead", team_id = mine, scope = "team_admin" });
        var (memberId, member) = await CreateKeyAsync(new { name = "member", team_id = mine });
        var (opsId, ops) = await CreateKeyAsync(new { name = "ops", team_id = mine, scope = "admin" });
        var (theirId, their) = await CreateKeyAsync(new { name = "their-key", team_id = theirs });
        await ChatOkAsync(member);
        await ChatOkAsync(ops, "other");
        await ChatOkAsync(their);
        await ChatOkAsync(TestGateway.MasterKey);
        await SpendAfterAsync(4);

        // Its team's spend, an admin key's included but not named (a team admin never sees admin keys).
        var spend = (await GetAsync("/admin/spend", lead)).Body;
        Assert.Equal([opsId, memberId], Groups(spend));
        AssertRow(Row(spend, memberId), "member", 1, DemoCost);
        AssertRow(Row(spend, opsId), null, 1, OtherCost);
        Assert.Equal(DemoCost + OtherCost, Usd(spend["total_cost_usd"]));
        Assert.Equal([mine], Groups((await GetAsync("/admin/spend?group_by=team", lead)).Body));
        Assert.Equal([mine], Groups((await GetAsync($"/admin/spend?group_by=team&team_id={mine}", lead)).Body));
        Assert.Equal([memberId], Groups((await GetAsync($"/admin/spend?key_id={memberId}", lead)).Body));
        AssertError(HttpStatusCode.NotFound, "team_not_found", "team_id", await GetAsync($"/admin/spend?team_id={theirs}", lead));
        foreach (var hidden in new[] { theirId, opsId, "master", "' OR '1'='1" })
        {
            AssertError(HttpStatusCode.NotFound, "key_not_found", "key_id", await GetAsync($"/admin/spend?key_id={Uri.EscapeDataString(hidden)}", lead));
        }

        // Budgets: its own team's and keys', as with GET /admin/keys/{id} and /admin/teams/{id}.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/admin/keys/{memberId}/budget", lead)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/admin/teams/{mine}/budget", lead)).Status);
        AssertError(HttpStatusCode.NotFound, "key_not_found", null, await GetAsync($"/admin/keys/{theirId}/budget", lead));
        AssertError(HttpStatusCode.NotFound, "key_not_found", null, await GetAsync($"/admin/keys/{opsId}/budget", lead));
        AssertError(HttpStatusCode.NotFound, "team_not_found", null, await GetAsync($"/admin/teams/{theirs}/budget", lead));

        // An inference key reads none of it.
        foreach (var path in new[] { "/admin/spend", $"/admin/keys/{memberId}/budget", $"/admin/teams/{mine}/budget", "/admin/budget-alerts" })
        {
            AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await GetAsync(path, member));
        }
    }

    private static void AssertRow(JsonObject row, string? name, long requests, decimal cost, long unknownCost = 0)
    {
        Assert.Equal(name, row["name"]?.GetValue<string>());
        Assert.Equal(requests, row["requests"]!.GetValue<long>());
        Assert.Equal(2 * requests, row["prompt_tokens"]!.GetValue<long>());
        Assert.Equal(2 * requests, row["completion_tokens"]!.GetValue<long>());
        Assert.Equal(cost, Usd(row["cost_usd"]));
        Assert.Equal(unknownCost, row["unknown_cost_requests"]!.GetValue<long>());
    }
}
