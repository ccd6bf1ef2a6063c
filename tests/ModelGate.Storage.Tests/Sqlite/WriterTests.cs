using ModelGate.Core.Governance;

namespace ModelGate.Storage.Tests.Sqlite;

public sealed class WriterTests
{
    [Fact]
    public async Task Many_concurrent_writers_all_land_once_with_distinct_ids()
    {
        await using var db = new TempDatabase();
        var audit = db.Audit;

        var ids = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
            audit.AppendAsync(new AuditEntry(0, DateTimeOffset.UtcNow, "actor", "test.write", "thing", $"t{i}", null, null, null)))));

        Assert.Equal(2000, ids.Distinct().Count());
        var listed = await audit.ListAsync(new AuditQuery(Limit: 5000));
        Assert.Equal(2000, listed.Count);
        Assert.Equal(listed.Select(entry => entry.Id).OrderDescending(), listed.Select(entry => entry.Id));
    }

    [Fact]
    public async Task A_failing_write_rolls_back_alone_and_its_neighbours_commit()
    {
        await using var db = new TempDatabase();
        var keys = db.Keys;
        var hash = new byte[32];

        var first = keys.CreateAsync(TempDatabase.Key("key_a"), hash);
        var duplicate = keys.CreateAsync(TempDatabase.Key("key_b"), hash); // same hash: UNIQUE violation
        var third = keys.CreateAsync(TempDatabase.Key("key_c"), [.. Enumerable.Repeat((byte)1, 32)]);

        await first;
        await Assert.ThrowsAnyAsync<Exception>(() => duplicate);
        await third;
        Assert.NotNull(await keys.GetAsync("key_a"));
        Assert.Null(await keys.GetAsync("key_b"));
        Assert.NotNull(await keys.GetAsync("key_c"));
    }

    [Fact]
    public async Task Concurrent_key_versions_are_unique_and_every_change_is_seen_once()
    {
        await using var db = new TempDatabase();
        var keys = db.Keys;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() =>
            keys.CreateAsync(TempDatabase.Key($"key_{i}"), BitConverter.GetBytes((long)i).Concat(new byte[24]).ToArray()))));

        var changes = await keys.ChangesSinceAsync(0);
        Assert.Equal(300, changes.Keys.Count);
        Assert.Equal(300, changes.Version);
        Assert.Empty((await keys.ChangesSinceAsync(changes.Version)).Keys);
    }
}
