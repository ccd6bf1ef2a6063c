using System.Diagnostics;
using System.Net;
using ModelGate.Server.Cli;

namespace ModelGate.Server.Tests.Admin;

public sealed class KeyAdminTests : AdminTestBase
{
    [Fact]
    public async Task A_created_key_works_at_once_and_is_never_shown_again()
    {
        var (status, created, _) = await PostAsync("/admin/keys", new { name = "billing", owner = "ana@example.com", models = new[] { "demo*" } });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created["id"]!.GetValue<string>();
        var secret = created["key"]!.GetValue<string>();
        Assert.Matches("^mg-[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal(secret[..7] + "..." + secret[^4..], created["key_hint"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret, "demo-large")).Status);
        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), await ChatAsync(secret, "other"));

        var responses = new List<string>
        {
            (await GetAsync("/admin/keys")).Text,
            (await GetAsync($"/admin/keys/{id}")).Text,
            (await SendAsync(HttpMethod.Patch, $"/admin/keys/{id}", new { name = "billing-2" })).Text,
            (await PostAsync($"/admin/keys/{id}/revoke")).Text,
            (await GetAsync("/admin/keys?include_revoked=true")).Text,
            (await GetAsync("/admin/audit")).Text,
        };
        Assert.All(responses, text => Assert.DoesNotContain(secret, text));
        Assert.All(responses, text => Assert.DoesNotContain(secret[3..], text));
        Assert.All(responses, text => Assert.DoesNotContain("hash", text));
        Assert.DoesNotContain(secret[3..], Gateway.Logs.All);
    }

    [Fact]
    public async Task Revoking_through_the_api_stops_the_key_within_a_second()
    {
        var (id, secret) = await CreateKeyAsync(new { name = "soon-revoked" });
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);

        var clock = Stopwatch.StartNew();
        var revoked = await PostAsync($"/admin/keys/{id}/revoke");
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.NotNull(revoked.Body["revoked_at"]);
        await WaitUntilRefusedAsync(secret, clock);
        AssertError(HttpStatusCode.Conflict, "key_revoked", null, await SendAsync(HttpMethod.Patch, $"/admin/keys/{id}", new { name = "x" }));
    }

    [Fact]
    public async Task Revoking_from_the_cli_stops_the_key_in_the_running_gateway_within_a_second()
    {
        var (id, secret) = await CreateKeyAsync(new { name = "cli-revoked" });
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await GovernanceCommands.RevokeKeyAsync(Gateway.ConfigPath, id, TextWriter.Null, TextWriter.Null));
        await WaitUntilRefusedAsync(secret, clock);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var (_, secret) = await CreateKeyAsync(new { name = "short-lived", expires_at = DateTimeOffset.UtcNow.AddSeconds(1.5) });
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), await ChatAsync(secret));
    }

    [Fact]
    public async Task A_request_must_pass_the_key_and_the_team()
    {
        var team = await CreateTeamAsync(new { name = "research", models = new[] { "demo" } });
        var (_, secret) = await CreateKeyAsync(new { name = "wide", team_id = team, models = new[] { "*" } });

        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);
        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), await ChatAsync(secret, "demo-large"));

        var updated = await SendAsync(HttpMethod.Patch, $"/admin/teams/{team}", new { models = new[] { "demo-*" } });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret, "demo-large")).Status);
        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), await ChatAsync(secret));
    }

    [Fact]
    public async Task A_key_limited_to_some_routes_is_refused_elsewhere()
    {
        var (_, secret) = await CreateKeyAsync(new { name = "embeddings-only", routes = new[] { "/v1/embeddings" } });

        Assert.Equal((HttpStatusCode.Forbidden, "route_not_allowed"), await ChatAsync(secret));
    }

    [Fact]
    public async Task Inference_keys_are_refused_on_every_admin_route_in_openai_shape()
    {
        var (_, secret) = await CreateKeyAsync(new { name = "inference" });

        foreach (var (method, path) in AdminRoutes)
        {
            var response = await SendAsync(method, path, method == HttpMethod.Get || method == HttpMethod.Delete ? null : new { name = "x" }, secret);
            AssertError(HttpStatusCode.Forbidden, "admin_scope_required", null, response);
            Assert.Equal("permission_error", response.Body["error"]!["type"]!.GetValue<string>());
        }

        AssertError(HttpStatusCode.Unauthorized, "invalid_api_key", null, await GetAsync("/admin/keys", "mg-not-a-real-key-0000000000000000000"));
    }

    [Fact]
    public async Task An_admin_scoped_virtual_key_manages_keys_like_the_master_key()
    {
        var (adminId, admin) = await CreateKeyAsync(new { name = "ops", scope = "admin" });

        var (_, secret) = await CreateKeyAsync(new { name = "made-by-ops" }, admin);

        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);
        var audit = (await GetAsync("/admin/audit", admin)).Body["data"]!.AsArray();
        Assert.Equal($"key:{adminId}", audit[0]!["actor"]!.GetValue<string>());
        Assert.Equal("master", audit[1]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_change_is_audited_with_before_and_after()
    {
        var team = await CreateTeamAsync(new { name = "audited" });
        var (id, _) = await CreateKeyAsync(new { name = "a", team_id = team });
        await SendAsync(HttpMethod.Patch, $"/admin/keys/{id}", new { name = "b", rpm = 60 });
        await PostAsync($"/admin/keys/{id}/revoke");
        await SendAsync(HttpMethod.Delete, $"/admin/teams/{team}");

        var entries = (await GetAsync("/admin/audit")).Body["data"]!.AsArray();

        Assert.Equal(["team.delete", "key.revoke", "key.update", "key.create", "team.create"], entries.Select(entry => entry!["action"]!.GetValue<string>()));
        Assert.All(entries, entry => Assert.Equal("master", entry!["actor"]!.GetValue<string>()));
        var update = entries[2]!;
        Assert.Equal("a", update["before"]!["name"]!.GetValue<string>());
        Assert.Equal("b", update["after"]!["name"]!.GetValue<string>());
        Assert.Equal(60, update["after"]!["rpm"]!.GetValue<int>());
        Assert.Null(entries[3]!["before"]);
        Assert.Null(entries[0]!["after"]);
        var forKey = (await GetAsync($"/admin/audit?target_id={id}")).Body["data"]!.AsArray();
        Assert.Equal(3, forKey.Count);
    }

    [Theory]
    [InlineData("""{"name": 5}""", "invalid_type", "name")]
    [InlineData("""{"name": ""}""", "invalid_value", "name")]
    [InlineData("""{}""", "missing_required_parameter", "name")]
    [InlineData("""{"name": "k", "colour": "red"}""", "unknown_parameter", "colour")]
    [InlineData("""{"name": "k", "models": "gpt"}""", "invalid_type", "models")]
    [InlineData("""{"name": "k", "models": ["ok", 3]}""", "invalid_type", "models[1]")]
    [InlineData("""{"name": "k", "routes": ["v1/chat"]}""", "invalid_value", "routes[0]")]
    [InlineData("""{"name": "k", "rpm": 0}""", "invalid_value", "rpm")]
    [InlineData("""{"name": "k", "tpm": 1.5}""", "invalid_type", "tpm")]
    [InlineData("""{"name": "k", "max_budget_usd": -1}""", "invalid_value", "max_budget_usd")]
    [InlineData("""{"name": "k", "budget_period": "hourly"}""", "invalid_value", "budget_period")]
    [InlineData("""{"name": "k", "scope": "root"}""", "invalid_value", "scope")]
    [InlineData("""{"name": "k", "scope": "team_admin"}""", "invalid_value", "scope")]
    [InlineData("""{"name": "k", "expires_at": "tomorrow"}""", "invalid_value", "expires_at")]
    [InlineData("""{"name": "k", "expires_at": "2001-01-01T00:00:00Z"}""", "invalid_value", "expires_at")]
    [InlineData("""{"name": "k", "metadata": {"a": 1}}""", "invalid_type", "metadata.a")]
    [InlineData("""{"name": "k", "route_override": "yes"}""", "invalid_type", "route_override")]
    public async Task Invalid_fields_are_400s_that_name_the_field(string body, string code, string param)
    {
        AssertError(HttpStatusCode.BadRequest, code, param, await PostAsync("/admin/keys", body));
        Assert.Empty((await GetAsync("/admin/keys")).Body["data"]!.AsArray());
    }

    [Fact]
    public async Task A_key_for_a_missing_team_is_refused()
    {
        AssertError(HttpStatusCode.NotFound, "team_not_found", "team_id", await PostAsync("/admin/keys", new { name = "k", team_id = "team_nope" }));
        AssertError(HttpStatusCode.NotFound, "key_not_found", null, await GetAsync("/admin/keys/key_nope"));
        AssertError(HttpStatusCode.BadRequest, "invalid_json", null, await PostAsync("/admin/keys", "{not json"));
    }

    [Theory]
    [InlineData("'; DROP TABLE virtual_keys; --")]
    [InlineData("\" OR \"1\"=\"1")]
    [InlineData("x'); DELETE FROM teams WHERE ('1'='1")]
    [InlineData("Robert'); UPDATE virtual_keys SET scope='admin'; --")]
    public async Task Hostile_strings_in_every_field_are_stored_and_returned_verbatim(string text)
    {
        var team = await CreateTeamAsync(new { name = text, models = new[] { text, "demo" }, metadata = new Dictionary<string, string> { [text] = text } });
        var (id, secret) = await CreateKeyAsync(new
        {
            name = text, owner = text, team_id = team, models = new[] { text, "demo" }, routes = new[] { "/" + text, "/v1/chat/completions" },
            metadata = new Dictionary<string, string> { [text] = text },
        });

        var key = (await GetAsync($"/admin/keys/{id}")).Body;
        Assert.Equal(text, key["name"]!.GetValue<string>());
        Assert.Equal(text, key["owner"]!.GetValue<string>());
        Assert.Equal(text, key["models"]![0]!.GetValue<string>());
        Assert.Equal("/" + text, key["routes"]![0]!.GetValue<string>());
        Assert.Equal(text, key["metadata"]![text]!.GetValue<string>());
        Assert.Equal("inference", key["scope"]!.GetValue<string>());
        var stored = (await GetAsync($"/admin/teams/{team}")).Body;
        Assert.Equal(text, stored["name"]!.GetValue<string>());
        Assert.Equal(text, stored["models"]![0]!.GetValue<string>());
        Assert.Equal(text, stored["metadata"]![text]!.GetValue<string>());
        Assert.Single((await GetAsync("/admin/keys")).Body["data"]!.AsArray());
        Assert.Single((await GetAsync($"/admin/keys?owner={Uri.EscapeDataString(text)}")).Body["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(secret)).Status);
    }

    [Fact]
    public async Task Models_and_deployments_are_listed_with_their_health()
    {
        var models = (await GetAsync("/admin/models")).Body["data"]!.AsArray();
        Assert.Equal(["demo", "demo-large", "other"], models.Select(model => model!["id"]!.GetValue<string>()));
        var large = models[1]!["deployments"]![0]!;
        Assert.Equal("demo/echo-large", large["deployment"]!.GetValue<string>());
        Assert.Equal("eu", large["region"]!.GetValue<string>());
        Assert.True(large["health"]!["healthy"]!.GetValue<bool>());

        var deployments = (await GetAsync("/admin/deployments")).Body["data"]!.AsArray();
        Assert.Equal(3, deployments.Count);
        Assert.Equal(0, deployments[0]!["health"]!["in_flight"]!.GetValue<int>());
    }

    private static readonly (HttpMethod Method, string Path)[] AdminRoutes =
    [
        (HttpMethod.Post, "/admin/keys"), (HttpMethod.Get, "/admin/keys"), (HttpMethod.Get, "/admin/keys/key_x"),
        (HttpMethod.Patch, "/admin/keys/key_x"), (HttpMethod.Post, "/admin/keys/key_x/revoke"), (HttpMethod.Post, "/admin/teams"),
        (HttpMethod.Get, "/admin/teams"), (HttpMethod.Get, "/admin/teams/team_x"), (HttpMethod.Patch, "/admin/teams/team_x"),
        (HttpMethod.Delete, "/admin/teams/team_x"), (HttpMethod.Get, "/admin/models"), (HttpMethod.Get, "/admin/deployments"),
        (HttpMethod.Get, "/admin/audit"),
    ];

    private async Task WaitUntilRefusedAsync(string secret, Stopwatch clock)
    {
        while ((await ChatAsync(secret)).Status != HttpStatusCode.Unauthorized)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "the revoked key still worked after a second");
            await Task.Delay(20);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refused only after {clock.Elapsed}");
    }
}
