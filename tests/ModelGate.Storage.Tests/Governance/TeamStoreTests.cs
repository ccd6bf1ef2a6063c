using ModelGate.Core.Governance;

namespace ModelGate.Storage.Tests.Governance;

public sealed class TeamStoreTests
{
    [Fact]
    public async Task Names_are_unique_on_create_and_on_rename()
    {
        await using var db = new TempDatabase();
        Assert.True(await db.Teams.CreateAsync(TempDatabase.Team("team_1", "research")));
        Assert.False(await db.Teams.CreateAsync(TempDatabase.Team("team_2", "research")));
        Assert.True(await db.Teams.CreateAsync(TempDatabase.Team("team_3", "sales")));

        await Assert.ThrowsAsync<DuplicateNameException>(() => db.Teams.UpdateAsync("team_3", team => team with { Name = "research" }));
        Assert.Equal("sales", (await db.Teams.GetAsync("team_3"))!.Name);
    }

    [Fact]
    public async Task Every_change_including_delete_moves_the_version()
    {
        await using var db = new TempDatabase();
        Assert.Equal(0, await db.Teams.VersionAsync());
        await db.Teams.CreateAsync(TempDatabase.Team("team_1", models: ["gpt-*"]));
        var created = await db.Teams.VersionAsync();
        await db.Teams.UpdateAsync("team_1", team => team with { Limits = new GovernanceLimits(Rpm: 10) });
        var updated = await db.Teams.VersionAsync();
        var deleted = await db.Teams.DeleteAsync("team_1");

        Assert.True(created < updated);
        Assert.True(updated < await db.Teams.VersionAsync());
        Assert.Equal(10, deleted!.Limits.Rpm);
        Assert.Null(await db.Teams.GetAsync("team_1"));
        Assert.Null(await db.Teams.DeleteAsync("team_1"));
        Assert.Empty((await db.Teams.SnapshotAsync()).Teams);
    }
}
