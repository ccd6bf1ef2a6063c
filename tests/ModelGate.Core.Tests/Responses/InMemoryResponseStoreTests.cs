using ModelGate.Core.Auth;
using ModelGate.Core.Responses;

namespace ModelGate.Core.Tests.Responses;

public sealed class InMemoryResponseStoreTests
{
    private static StoredResponse Response(string id, string owner = "owner") =>
        new(id, owner, "model", "p/m", "{}"u8.ToArray(), "[]"u8.ToArray(), 0..0);

    [Fact]
    public async Task Saves_reads_and_deletes()
    {
        var store = new InMemoryResponseStore(() => 10);
        await store.SaveAsync(Response("resp_a"), default);

        Assert.Equal("resp_a", (await store.GetAsync("resp_a", default))?.Id);
        Assert.True(await store.DeleteAsync("resp_a", default));
        Assert.False(await store.DeleteAsync("resp_a", default));
        Assert.Null(await store.GetAsync("resp_a", default));
    }

    [Fact]
    public async Task Evicts_the_oldest_past_the_limit_read_at_each_save()
    {
        var max = 2;
        var store = new InMemoryResponseStore(() => max);
        foreach (var id in new[] { "resp_1", "resp_2", "resp_3" })
        {
            await store.SaveAsync(Response(id), default);
        }

        Assert.Null(await store.GetAsync("resp_1", default));
        Assert.Equal(2, store.Count);

        max = 1;
        await store.SaveAsync(Response("resp_4"), default);
        Assert.Equal(1, store.Count);
        Assert.NotNull(await store.GetAsync("resp_4", default));
    }

    [Fact]
    public async Task A_deleted_response_frees_its_place()
    {
        var store = new InMemoryResponseStore(() => 2);
        await store.SaveAsync(Response("resp_1"), default);
        await store.SaveAsync(Response("resp_2"), default);
        await store.DeleteAsync("resp_2", default);
        await store.SaveAsync(Response("resp_3"), default);

        Assert.NotNull(await store.GetAsync("resp_1", default));
        Assert.NotNull(await store.GetAsync("resp_3", default));
    }

    [Fact]
    public void Only_the_owner_or_the_master_key_sees_a_response()
    {
        var stored = Response("resp_1", owner: ResponseOwner.Of("key-one-0123456789"));
        var caller = new Principal("app", null, IsMaster: false, MayOverrideRoute: false);
        var master = new Principal("master", null, IsMaster: true, MayOverrideRoute: true);

        Assert.True(stored.IsVisibleTo(caller, ResponseOwner.Of("key-one-0123456789")));
        Assert.False(stored.IsVisibleTo(caller, ResponseOwner.Of("key-two-0123456789")));
        Assert.True(stored.IsVisibleTo(master, ResponseOwner.Of("master-key-0123456789")));
        Assert.Equal(64, ResponseOwner.Of("key-one-0123456789").Length);
    }
}
