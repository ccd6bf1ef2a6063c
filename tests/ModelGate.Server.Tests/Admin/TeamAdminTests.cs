using System.Net;

namespace ModelGate.Server.Tests.Admin;

/// <summary>Teams, and what a <c>team_admin</c> key may see and do: its own team only.</summary>
public sealed class TeamAdminTests : AdminTestBase
{
    [Fact]
    public async Task Teams_are_created_listed_updated_and_deleted()
    {
        var id = await CreateTeamAsync(new { name = "research", models = new[] { "demo" }, rpm = 100, max_budget_usd = 12.5m, budget_period = "monthly" });

        var team = (await GetAsync($"/admin/teams/{id}")).Body;
        Assert.Equal("research", team["name"]!.GetValue<string>());
        Assert.Equal(100, team["rpm"]!.GetValue<int>());
        Assert.Equal(12.5m, team["max_budget_usd"]!.GetValue<decimal>());
        Assert.Equal("monthly", team["budget_period"]!.GetValue<string>());
        AssertError(HttpStatusCode.Conflict, "team_name_taken", "name", await PostAsync("/admin/teams", new { name = "research" }));

        var updated = await SendAsync(HttpMethod.Patch, $"/admin/teams/{id}", new { rpm = (int?)null, name = "research-2" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Null(updated.Body["rpm"]);
        Assert.Equal(12.5m, updated.Body["max_budget_usd"]!.GetValue<decimal>());

        var (keyId, _) = await CreateKeyAsync(new { name = "member", team_id = id });
        AssertError(HttpStatusCode.Conflict, "team_has_keys", null, await SendAsync(HttpMethod.Delete, $"/admin/teams/{id}"));
        await PostAsync($"/admin/keys/{keyId}/revoke");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/admin/teams/{id}")).Status);
        AssertError(HttpStatusCode.NotFound, "team_not_found", null, await GetAsync($"/admin/teams/{id}"));
        Assert.Empty((await GetAsync("/admin/teams")).Body["data"]!.AsArray());
    }

    [Fact]
    public async Task A_team_admin_sees_and_manages_only_its_own_team()
    {
        var mine = await CreateTeamAsync(new { name = "mine" });
        var theirs = await CreateTeamAsync(new { name = "theirs" });
        var (_, admin) = await CreateKeyAsync(new { name = "lead", team_id = mine, scope = "team_admin" });
        var (theirKey, _) = await CreateKeyAsync(new { name = "their-key", team_id = theirs });
        var (masterKeyInMine, _) = await CreateKeyAsync(new { name = "ops-in-mine", team_id = mine, scope = "admin" });

        // Creates keys in its own team (the team is implied), and only there.
        var (ownKey, ownSecret) = await CreateKeyAsync(new { name = "member" }, admin);
        Assert.Equal(mine, (await GetAsync($"/admin/keys/{ownKey}", admin)).Body["team_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(ownSecret)).Status);
        AssertError(HttpStatusCode.NotFound, "team_not_found", "team_id", await PostAsync("/admin/keys", new { name = "x", team_id = theirs }, admin));
        AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await PostAsync("/admin/keys", new { name = "x", scope = "admin" }, admin));
        AssertError(HttpStatusCode.NotFound, "team_not_found", "team_id",
            await SendAsync(HttpMethod.Patch, $"/admin/keys/{ownKey}", new { team_id = theirs }, admin));

        // Sees its team's keys, not another team's nor an admin key placed in its team.
        var listed = (await GetAsync("/admin/keys", admin)).Body["data"]!.AsArray().Select(key => key!["name"]!.GetValue<string>()).Order();
        Assert.Equal(["lead", "member"], listed);
        Assert.Equal(listed, (await GetAsync($"/admin/keys?team_id={theirs}", admin)).Body["data"]!.AsArray().Select(key => key!["name"]!.GetValue<string>()).Order());
        foreach (var hidden in new[] { theirKey, masterKeyInMine })
        {
            AssertError(HttpStatusCode.NotFound, "key_not_found", null, await GetAsync($"/admin/keys/{hidden}", admin));
            AssertError(HttpStatusCode.NotFound, "key_not_found", null, await SendAsync(HttpMethod.Patch, $"/admin/keys/{hidden}", new { name = "x" }, admin));
            AssertError(HttpStatusCode.NotFound, "key_not_found", null, await PostAsync($"/admin/keys/{hidden}/revoke", null, admin));
        }

        // Teams: its own, read-only.
        Assert.Equal([mine], (await GetAsync("/admin/teams", admin)).Body["data"]!.AsArray().Select(team => team!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/admin/teams/{mine}", admin)).Status);
        AssertError(HttpStatusCode.NotFound, "team_not_found", null, await GetAsync($"/admin/teams/{theirs}", admin));
        AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await PostAsync("/admin/teams", new { name = "new" }, admin));
        AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await SendAsync(HttpMethod.Patch, $"/admin/teams/{mine}", new { models = new[] { "*" } }, admin));
        AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await SendAsync(HttpMethod.Delete, $"/admin/teams/{theirs}", null, admin));
        AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await GetAsync("/admin/models", admin));
        AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, await GetAsync("/admin/deployments", admin));

        // The audit log shows only its team's history.
        var audit = (await GetAsync($"/admin/audit?team_id={theirs}", admin)).Body["data"]!.AsArray();
        Assert.NotEmpty(audit);
        Assert.All(audit, entry => Assert.Equal(mine, entry!["team_id"]!.GetValue<string>()));
        Assert.DoesNotContain(audit, entry => entry!["target_id"]!.GetValue<string>() == theirKey);
    }
}
