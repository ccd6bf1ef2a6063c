using Microsoft.Extensions.Time.Testing;
using ModelGate.Core.Governance;

namespace ModelGate.Storage.Tests.Governance;

public sealed class VirtualKeyCacheTests : IAsyncLifetime
{
    private readonly TempDatabase db = new();
    private readonly KeyHasher hasher = new(Enumerable.Repeat((byte)3, 32).ToArray());
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2025-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private VirtualKeyCache cache = null!;

    public Task InitializeAsync()
    {
        cache = new VirtualKeyCache(db.Keys, db.Teams, hasher, time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_stored_key_authenticates_after_a_refresh_and_unknown_keys_do_not()
    {
        var secret = await AddAsync(TempDatabase.Key("key_1"));
        Assert.Null(cache.Authenticate(secret));

        await cache.RefreshAsync();

        var principal = cache.Authenticate(secret)!;
        Assert.Equal("key_1", principal.KeyId);
        Assert.Equal(KeyScope.Inference, principal.Scope);
        Assert.False(principal.IsMaster);
        Assert.Null(cache.Authenticate(KeyHasher.Generate()));
        Assert.Null(cache.Authenticate(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(cache.Authenticate("sk-" + secret[3..]));
        Assert.Null(cache.Authenticate(""));
    }

    [Fact]
    public async Task A_revoked_key_is_dropped_on_the_next_refresh()
    {
        var secret = await AddAsync(TempDatabase.Key("key_1"));
        await cache.RefreshAsync();
        Assert.NotNull(cache.Authenticate(secret));

        await db.Keys.UpdateAsync("key_1", key => key with { RevokedAt = time.GetUtcNow() });
        await cache.RefreshAsync();

        Assert.Null(cache.Authenticate(secret));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task An_expired_key_is_refused_from_the_moment_it_expires()
    {
        var secret = await AddAsync(TempDatabase.Key("key_1", expires: time.GetUtcNow().AddMinutes(10)));
        await cache.RefreshAsync();

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(cache.Authenticate(secret));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Authenticate(secret));
    }

    [Fact]
    public async Task Models_must_pass_the_key_and_the_team_with_wildcards()
    {
        await db.Teams.CreateAsync(TempDatabase.Team("team_1", models: ["gpt-*", "claude-3-haiku"]));
        var secret = await AddAsync(TempDatabase.Key("key_1", team: "team_1", models: ["gpt-4o*", "claude-*"]));
        await cache.RefreshAsync();

        var principal = cache.Authenticate(secret)!;

        Assert.True(principal.MayUse("gpt-4o"));
        Assert.True(principal.MayUse("gpt-4o-mini"));
        Assert.False(principal.MayUse("gpt-3.5-turbo"));     // the team allows it, the key does not
        Assert.True(principal.MayUse("claude-3-haiku"));
        Assert.False(principal.MayUse("claude-3-opus"));     // the key allows it, the team does not
        Assert.False(principal.MayUse("demo"));
        Assert.Equal("team_1", principal.TeamId);
    }

    [Fact]
    public async Task A_team_change_applies_to_its_keys_on_the_next_refresh()
    {
        await db.Teams.CreateAsync(TempDatabase.Team("team_1"));
        var secret = await AddAsync(TempDatabase.Key("key_1", team: "team_1"));
        await cache.RefreshAsync();
        Assert.True(cache.Authenticate(secret)!.MayUse("anything"));

        await db.Teams.UpdateAsync("team_1", team => team with { AllowedModels = ["demo"] });
        await cache.RefreshAsync();

        Assert.False(cache.Authenticate(secret)!.MayUse("anything"));
        Assert.True(cache.Authenticate(secret)!.MayUse("demo"));
    }

    [Fact]
    public async Task A_key_whose_team_is_gone_may_use_no_model()
    {
        var secret = await AddAsync(TempDatabase.Key("key_1", team: "team_missing"));
        await cache.RefreshAsync();

        Assert.False(cache.Authenticate(secret)!.MayUse("demo"));
    }

    [Fact]
    public async Task Routes_are_matched_without_the_v1_prefix()
    {
        var secret = await AddAsync(TempDatabase.Key("key_1") with { AllowedRoutes = ["/v1/chat/completions", "/v1/responses*"] });
        await cache.RefreshAsync();
        var principal = cache.Authenticate(secret)!;

        Assert.True(principal.MayCall("/v1/chat/completions"));
        Assert.True(principal.MayCall("/chat/completions"));
        Assert.True(principal.MayCall("/v1/responses/resp_1/input_items"));
        Assert.False(principal.MayCall("/v1/embeddings"));
        Assert.False(principal.MayCall("/admin/keys"));
    }

    [Fact]
    public async Task Lookups_stay_correct_with_many_keys()
    {
        var secrets = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            secrets.Add(await AddAsync(TempDatabase.Key($"key_{i}")));
        }

        await cache.RefreshAsync();

        Assert.Equal(500, cache.Count);
        Assert.All(secrets.Select((secret, i) => (secret, i)), pair => Assert.Equal($"key_{pair.i}", cache.Authenticate(pair.secret)!.KeyId));
    }

    private async Task<string> AddAsync(VirtualKeyRecord key)
    {
        var secret = KeyHasher.Generate();
        await db.Keys.CreateAsync(key with { Hint = KeyHasher.Hint(secret) }, hasher.Hash(secret));
        return secret;
    }
}
