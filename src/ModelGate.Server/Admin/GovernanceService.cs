using System.Security.Cryptography;
using System.Text.Json;
using ModelGate.Core.Governance;

namespace ModelGate.Server.Admin;

/// <summary>
/// Every change to keys and teams, for the admin API and the CLI alike: writes the store, appends the audit entry
/// (the object before and after, as the admin API shows it: no secret, no hash) and refreshes the key cache so the
/// change applies to the next request.
/// </summary>
public sealed class GovernanceService(GovernanceStores stores, TimeProvider time, VirtualKeyCache? cache = null)
{
    public IKeyStore Keys => stores.Keys;

    public ITeamStore Teams => stores.Teams;

    public IAuditLog Audit => stores.Audit;

    /// <summary>Creates a key from <paramref name="draft"/> (its id, hint and times are assigned here). The secret is returned once.</summary>
    public async Task<(VirtualKeyRecord Key, string Secret)> CreateKeyAsync(string actor, VirtualKeyRecord draft, CancellationToken cancellation = default)
    {
        var secret = KeyHasher.Generate();
        var now = time.GetUtcNow();
        var key = draft with { Id = NewId("key_"), Hint = KeyHasher.Hint(secret), CreatedAt = now, UpdatedAt = now, RevokedAt = null };
        await stores.Keys.CreateAsync(key, stores.Hasher.Hash(secret), cancellation);
        await AppendAsync(actor, "key.create", "key", key.Id, key.TeamId, null, Describe(key), cancellation);
        await RefreshAsync(cancellation);
        return (key, secret);
    }

    /// <summary>Null when there is no such key.</summary>
    public async Task<VirtualKeyRecord?> UpdateKeyAsync(
        string actor, string id, Func<VirtualKeyRecord, VirtualKeyRecord> change, CancellationToken cancellation = default)
    {
        var now = time.GetUtcNow();
        var result = await stores.Keys.UpdateAsync(id, key => change(key) with { UpdatedAt = now }, cancellation);
        if (result is not { } changed)
        {
            return null;
        }

        await AppendAsync(actor, "key.update", "key", id, changed.After.TeamId, Describe(changed.Before), Describe(changed.After), cancellation);
        await RefreshAsync(cancellation);
        return changed.After;
    }

    /// <summary>Revokes the key (once: revoking it again changes nothing). Null when there is no such key.</summary>
    public async Task<VirtualKeyRecord?> RevokeKeyAsync(string actor, string id, CancellationToken cancellation = default)
    {
        var now = time.GetUtcNow();
        var result = await stores.Keys.UpdateAsync(id, key => key.RevokedAt is null ? key with { RevokedAt = now, UpdatedAt = now } : key, cancellation);
        if (result is not { } changed)
        {
            return null;
        }

        if (changed.Before.RevokedAt is null)
        {
            await RefreshAsync(cancellation);
            await AppendAsync(actor, "key.revoke", "key", id, changed.After.TeamId, Describe(changed.Before), Describe(changed.After), cancellation);
        }

        return changed.After;
    }

    /// <summary>Null when the name is taken.</summary>
    public async Task<TeamRecord?> CreateTeamAsync(string actor, TeamRecord draft, CancellationToken cancellation = default)
    {
        var now = time.GetUtcNow();
        var team = draft with { Id = NewId("team_"), CreatedAt = now, UpdatedAt = now };
        if (!await stores.Teams.CreateAsync(team, cancellation))
        {
            return null;
        }

        await AppendAsync(actor, "team.create", "team", team.Id, team.Id, null, Describe(team), cancellation);
        await RefreshAsync(cancellation);
        return team;
    }

    /// <exception cref="DuplicateNameException">The new name is another team's.</exception>
    public async Task<TeamRecord?> UpdateTeamAsync(string actor, string id, Func<TeamRecord, TeamRecord> change, CancellationToken cancellation = default)
    {
        var now = time.GetUtcNow();
        var result = await stores.Teams.UpdateAsync(id, team => change(team) with { UpdatedAt = now }, cancellation);
        if (result is not { } changed)
        {
            return null;
        }

        await AppendAsync(actor, "team.update", "team", id, id, Describe(changed.Before), Describe(changed.After), cancellation);
        await RefreshAsync(cancellation);
        return changed.After;
    }

    public async Task<TeamRecord?> DeleteTeamAsync(string actor, string id, CancellationToken cancellation = default)
    {
        var deleted = await stores.Teams.DeleteAsync(id, cancellation);
        if (deleted is not null)
        {
            await AppendAsync(actor, "team.delete", "team", id, id, Describe(deleted), null, cancellation);
            await RefreshAsync(cancellation);
        }

        return deleted;
    }

    /// <summary>A team by id, or else by name (the CLI accepts either).</summary>
    public async Task<TeamRecord?> FindTeamAsync(string idOrName, CancellationToken cancellation = default) =>
        await stores.Teams.GetAsync(idOrName, cancellation) ?? await stores.Teams.FindByNameAsync(idOrName, cancellation);

    private Task RefreshAsync(CancellationToken cancellation) => cache?.RefreshAsync(cancellation) ?? Task.CompletedTask;

    private Task AppendAsync(
        string actor, string action, string targetType, string targetId, string? teamId, string? before, string? after, CancellationToken cancellation) =>
        stores.Audit.AppendAsync(new AuditEntry(0, time.GetUtcNow(), actor, action, targetType, targetId, teamId, before, after), cancellation);

    private static string Describe(VirtualKeyRecord key) => JsonSerializer.Serialize(KeyView.Of(key), AdminJson.Default.KeyView);

    private static string Describe(TeamRecord team) => JsonSerializer.Serialize(TeamView.Of(team), AdminJson.Default.TeamView);

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
