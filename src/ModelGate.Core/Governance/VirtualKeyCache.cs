using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using ModelGate.Core.Auth;
using ModelGate.Core.Budgets;
using ModelGate.Core.RateLimiting;

namespace ModelGate.Core.Governance;

/// <summary>
/// Authenticates virtual keys from memory: every active key's HMAC is held here with the principal it stands for,
/// found by a prefix of the digest and compared whole in constant time, so a request never waits on storage and an
/// unknown key costs one hash. <see cref="RefreshAsync"/> catches up with the stores (it runs after every admin change
/// and on a short timer for changes made elsewhere, such as the CLI), so a revoked key stops working at once here and
/// within the poll interval on every other process.
/// </summary>
public sealed class VirtualKeyCache(IKeyStore keys, ITeamStore teams, KeyHasher hasher, TimeProvider time) : IKeyAuthenticator
{
    private readonly ConcurrentDictionary<UInt128, Entry> byPrefix = new();
    private readonly Dictionary<string, (UInt128 Prefix, StoredKey Key)> byId = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private IReadOnlyDictionary<string, TeamRecord> teamsById = new Dictionary<string, TeamRecord>();
    private long keyVersion;
    private long teamVersion = -1;

    public int Count => byPrefix.Count;

    public Principal? Authenticate(ReadOnlySpan<char> key)
    {
        if (!key.StartsWith(KeyHasher.Prefix, StringComparison.Ordinal) || key.Length > StaticKeyAuthenticator.MaxKeyChars)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hasher.Hash(key, digest);
        if (!byPrefix.TryGetValue(Prefix(digest), out var entry) || !CryptographicOperations.FixedTimeEquals(entry.Hash, digest))
        {
            return null;
        }

        return entry.Key.IsActiveAt(time.GetUtcNow()) ? entry.Principal : null;
    }

    /// <summary>Applies every key and team change made since the last refresh.</summary>
    public async Task RefreshAsync(CancellationToken cancellation = default)
    {
        await refreshing.WaitAsync(cancellation);
        try
        {
            var currentTeams = await teams.VersionAsync(cancellation);
            var teamsChanged = currentTeams != teamVersion;
            if (teamsChanged)
            {
                var (list, version) = await teams.SnapshotAsync(cancellation);
                teamsById = list.ToDictionary(team => team.Id, StringComparer.Ordinal);
                teamVersion = version;
            }

            var changes = await keys.ChangesSinceAsync(keyVersion, cancellation);
            foreach (var stored in changes.Keys)
            {
                Apply(stored);
            }

            keyVersion = changes.Version;
            if (teamsChanged)
            {
                foreach (var (prefix, stored) in byId.Values)
                {
                    byPrefix[prefix] = new Entry(stored.Hash, stored.Key, PrincipalOf(stored.Key));
                }
            }
        }
        finally
        {
            refreshing.Release();
        }
    }

    private void Apply(StoredKey stored)
    {
        var prefix = Prefix(stored.Hash);
        if (stored.Key.RevokedAt is not null)
        {
            byId.Remove(stored.Key.Id);
            byPrefix.TryRemove(prefix, out _);
            return;
        }

        byId[stored.Key.Id] = (prefix, stored);
        byPrefix[prefix] = new Entry(stored.Hash, stored.Key, PrincipalOf(stored.Key));
    }

    private Principal PrincipalOf(VirtualKeyRecord key)
    {
        var rules = new List<NamePatterns>(2);
        var limits = new List<RateLimitSubject>(2);
        var budgets = new List<BudgetSubject>(2);
        if (BudgetSubject.ForKey(key) is { } ownBudget)
        {
            budgets.Add(ownBudget);
        }

        if (key.Limits.RateLimits is { Any: true } own)
        {
            limits.Add(new RateLimitSubject($"key:{key.Id}", $"key '{key.Name}'", own));
        }

        if (key.AllowedModels is not null)
        {
            rules.Add(new NamePatterns(key.AllowedModels));
        }

        if (key.TeamId is not null)
        {
            if (!teamsById.TryGetValue(key.TeamId, out var team))
            {
                rules.Add(NamePatterns.Nothing); // fail closed: a team that vanished allows nothing
            }
            else
            {
                if (team.AllowedModels is not null)
                {
                    rules.Add(new NamePatterns(team.AllowedModels));
                }

                if (team.Limits.RateLimits is { Any: true } shared)
                {
                    limits.Add(new RateLimitSubject($"team:{team.Id}", $"team '{team.Name}'", shared));
                }

                if (BudgetSubject.ForTeam(team) is { } teamBudget)
                {
                    budgets.Add(teamBudget);
                }
            }
        }

        return new Principal(key.Name, null, IsMaster: false, key.RouteOverride)
        {
            ModelRules = rules,
            AllowedRoutes = key.AllowedRoutes is null ? null : new NamePatterns(key.AllowedRoutes.Select(Principal.WithoutVersion)),
            Scope = key.Scope,
            KeyId = key.Id,
            TeamId = key.TeamId,
            RateLimits = limits,
            Budgets = budgets,
        };
    }

    private static UInt128 Prefix(ReadOnlySpan<byte> digest) => BinaryPrimitives.ReadUInt128LittleEndian(digest);

    private sealed record Entry(byte[] Hash, VirtualKeyRecord Key, Principal Principal);
}
