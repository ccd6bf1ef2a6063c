using ModelGate.Core.Governance;

namespace ModelGate.Storage.Tests.Governance;

public sealed class KeyStoreTests
{
    /// <summary>Strings that break SQL built by concatenation; parameterised SQL stores them as they are.</summary>
    public static readonly TheoryData<string> Hostile =
    [
        "'; DROP TABLE virtual_keys; --",
        "\" OR 1=1 --",
        "x'); DELETE FROM teams; SELECT ('",
        "Robert'); UPDATE virtual_keys SET revoked_at = NULL; --",
        "%_\\'\"`;\0tail",
        "ünïcødé ✓ 🔑",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Every_string_field_is_stored_and_read_back_verbatim(string text)
    {
        await using var db = new TempDatabase();
        var key = TempDatabase.Key("key_1") with
        {
            Name = text,
            Owner = text,
            TeamId = text,
            AllowedModels = [text, "gpt-*"],
            AllowedRoutes = [text],
            Metadata = new Dictionary<string, string> { [text] = text, ["plain"] = text },
        };
        await db.Keys.CreateAsync(key, new byte[32]);
        await db.Teams.CreateAsync(TempDatabase.Team("team_1", text, [text]) with { Metadata = new Dictionary<string, string> { [text] = text } });
        await db.Audit.AppendAsync(new AuditEntry(0, DateTimeOffset.UtcNow, text, text, text, text, text, text, text));

        var read = (await db.Keys.GetAsync("key_1"))!;
        Assert.Equal(text, read.Name);
        Assert.Equal(text, read.Owner);
        Assert.Equal(text, read.TeamId);
        Assert.Equal([text, "gpt-*"], read.AllowedModels);
        Assert.Equal([text], read.AllowedRoutes);
        Assert.Equal(text, read.Metadata[text]);
        Assert.Single(await db.Keys.ListAsync(new KeyQuery(TeamId: text, Owner: text)));
        var team = (await db.Teams.FindByNameAsync(text))!;
        Assert.Equal([text], team.AllowedModels);
        Assert.Equal(text, team.Metadata[text]);
        var entry = Assert.Single(await db.Audit.ListAsync(new AuditQuery(TeamId: text, TargetId: text)));
        Assert.Equal(new string?[] { text, text, text, text, text, text, text }, new[] { entry.Actor, entry.Action, entry.TargetType, entry.TargetId, entry.TeamId, entry.Before, entry.After });
        Assert.Single(await db.Keys.ListAsync(new KeyQuery()));
        Assert.Single(await db.Teams.ListAsync());
    }

    [Fact]
    public async Task A_key_keeps_every_field_across_a_reopen()
    {
        await using var db = new TempDatabase();
        var key = TempDatabase.Key("key_1", team: "team_1", models: ["gpt-*", "claude"], expires: DateTimeOffset.UnixEpoch.AddDays(400)) with
        {
            AllowedRoutes = ["/v1/chat/completions"],
            RouteOverride = true,
            Scope = KeyScope.TeamAdmin,
            Metadata = new Dictionary<string, string> { ["cost_center"] = "42" },
            Limits = new GovernanceLimits(60, 100_000, 4, 12.345678m, BudgetPeriod.Monthly),
        };
        await db.Keys.CreateAsync(key, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

        await db.ReopenAsync();

        var read = (await db.Keys.GetAsync("key_1"))!;
        Assert.Equal(key.Limits, read.Limits);
        Assert.Equal(key.AllowedModels, read.AllowedModels);
        Assert.Equal(key.AllowedRoutes, read.AllowedRoutes);
        Assert.Equal(key.Metadata, read.Metadata);
        Assert.Equal((key.Id, key.Name, key.Hint, key.TeamId, key.Owner, key.RouteOverride, key.Scope, key.ExpiresAt, key.CreatedAt, key.RevokedAt),
            (read.Id, read.Name, read.Hint, read.TeamId, read.Owner, read.RouteOverride, read.Scope, read.ExpiresAt, read.CreatedAt, read.RevokedAt));
        var stored = Assert.Single((await db.Keys.ChangesSinceAsync(0)).Keys);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), stored.Hash);
    }

    [Fact]
    public async Task Update_returns_before_and_after_and_bumps_the_version()
    {
        await using var db = new TempDatabase();
        await db.Keys.CreateAsync(TempDatabase.Key("key_1"), new byte[32]);
        var version = (await db.Keys.ChangesSinceAsync(0)).Version;

        var result = await db.Keys.UpdateAsync("key_1", key => key with { Name = "renamed", Id = "ignored", Hint = "ignored" });

        Assert.Equal("name-key_1", result!.Value.Before.Name);
        Assert.Equal("renamed", result.Value.After.Name);
        Assert.Equal("key_1", result.Value.After.Id);
        var changes = await db.Keys.ChangesSinceAsync(version);
        Assert.Equal("renamed", Assert.Single(changes.Keys).Key.Name);
        Assert.Null(await db.Keys.UpdateAsync("key_missing", key => key));
    }

    [Fact]
    public async Task List_filters_by_team_and_hides_revoked_keys_unless_asked()
    {
        await using var db = new TempDatabase();
        await db.Keys.CreateAsync(TempDatabase.Key("key_a", team: "t1"), [.. Enumerable.Repeat((byte)1, 32)]);
        await db.Keys.CreateAsync(TempDatabase.Key("key_b", team: "t2"), [.. Enumerable.Repeat((byte)2, 32)]);
        await db.Keys.CreateAsync(TempDatabase.Key("key_c", team: "t1"), [.. Enumerable.Repeat((byte)3, 32)]);
        await db.Keys.UpdateAsync("key_c", key => key with { RevokedAt = DateTimeOffset.UtcNow });

        Assert.Equal(["key_a"], (await db.Keys.ListAsync(new KeyQuery("t1"))).Select(key => key.Id));
        Assert.Equal(2, (await db.Keys.ListAsync(new KeyQuery("t1", IncludeRevoked: true))).Count);
        Assert.Equal(2, (await db.Keys.ListAsync(new KeyQuery())).Count);
        Assert.True(await db.Keys.TeamHasActiveKeysAsync("t1"));
        Assert.False(await db.Keys.TeamHasActiveKeysAsync("t3"));
    }
}
