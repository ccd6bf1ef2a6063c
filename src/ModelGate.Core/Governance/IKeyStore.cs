namespace ModelGate.Core.Governance;

/// <summary>
/// Virtual keys, by id and by the HMAC of their secret. The embedded implementation is SQLite; a PostgreSQL one
/// fills the same contract. Every change bumps a store-wide version, so caches catch up with
/// <see cref="ChangesSinceAsync"/>.
/// </summary>
public interface IKeyStore
{
    /// <param name="hash">HMAC-SHA256 of the key's secret (<see cref="KeyHasher"/>); the secret itself is never stored.</param>
    Task CreateAsync(VirtualKeyRecord key, byte[] hash, CancellationToken cancellation = default);

    Task<VirtualKeyRecord?> GetAsync(string id, CancellationToken cancellation = default);

    Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(KeyQuery query, CancellationToken cancellation = default);

    /// <summary>Reads, changes and writes one key as one step; null when there is no such key.</summary>
    /// <param name="change">Given the stored key, returns the new one (or the same to change nothing).</param>
    Task<(VirtualKeyRecord Before, VirtualKeyRecord After)?> UpdateAsync(
        string id, Func<VirtualKeyRecord, VirtualKeyRecord> change, CancellationToken cancellation = default);

    /// <summary>Keys changed after <paramref name="version"/> (created, updated, revoked), oldest change first.</summary>
    Task<KeyChanges> ChangesSinceAsync(long version, CancellationToken cancellation = default);

    /// <summary>Whether any key that is not revoked belongs to the team.</summary>
    Task<bool> TeamHasActiveKeysAsync(string teamId, CancellationToken cancellation = default);
}

/// <param name="TeamId">Only keys of this team; null for every team.</param>
/// <param name="Limit">Most keys returned, newest first.</param>
public sealed record KeyQuery(string? TeamId = null, bool IncludeRevoked = false, int Limit = 100, string? Owner = null);

public sealed record StoredKey(VirtualKeyRecord Key, byte[] Hash);

/// <param name="Version">The store's version after these changes; pass it to the next call.</param>
public sealed record KeyChanges(IReadOnlyList<StoredKey> Keys, long Version);
