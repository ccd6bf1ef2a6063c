using BenchmarkDotNet.Attributes;
using ModelGate.Core.Governance;
using ModelGate.Core.RateLimiting;

namespace ModelGate.Benchmarks.Governance;

/// <summary>
/// The governance checks each request pays before any upstream call, with 100,000 virtual keys in the cache: the key
/// looked up by its HMAC (<see cref="VirtualKeyCache"/>), then admitted against its own and its team's rpm, tpm and
/// max-parallel limits and settled (<see cref="InMemoryRateLimiter"/>). Keys are taken in turn from 1,024 of them, so
/// lookups are not all one cache line.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GovernanceCheckBenchmarks
{
    private const int KeyCount = 100_000;
    private const int TeamCount = 100;
    private string[] secrets = [];
    private VirtualKeyCache cache = null!;
    private InMemoryRateLimiter limiter = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var hasher = new KeyHasher(new byte[KeyHasher.MinPepperBytes]);
        var limits = new GovernanceLimits(Rpm: int.MaxValue, Tpm: int.MaxValue, MaxParallel: 1_000);
        var teams = Enumerable.Range(0, TeamCount)
            .Select(i => new TeamRecord($"team_{i}", $"team-{i}", null, limits, new Dictionary<string, string>(), default, default)).ToList();
        var keys = new List<StoredKey>(KeyCount);
        secrets = new string[1_024];
        for (var i = 0; i < KeyCount; i++)
        {
            var secret = KeyHasher.Generate();
            if (i % (KeyCount / secrets.Length) == 0 && i / (KeyCount / secrets.Length) < secrets.Length)
            {
                secrets[i / (KeyCount / secrets.Length)] = secret;
            }

            var key = new VirtualKeyRecord(
                $"key_{i}", $"key-{i}", KeyHasher.Hint(secret), $"team_{i % TeamCount}", null, null, null, false, KeyScope.Inference, null,
                new Dictionary<string, string>(), limits, default, default);
            keys.Add(new StoredKey(key, hasher.Hash(secret)));
        }

        cache = new VirtualKeyCache(new Keys(keys), new Teams(teams), hasher, TimeProvider.System);
        cache.RefreshAsync().GetAwaiter().GetResult();
        if (cache.Count != KeyCount)
        {
            throw new InvalidOperationException($"{cache.Count} keys cached, not {KeyCount}");
        }

        limiter = new InMemoryRateLimiter(TimeProvider.System);
    }

    [Benchmark]
    public bool Authenticate() => cache.Authenticate(NextSecret()) is not null;

    [Benchmark]
    public bool AuthenticateAndAdmit()
    {
        var principal = cache.Authenticate(NextSecret()) ?? throw new InvalidOperationException("unknown key");
        var decision = limiter.TryAcquire(principal.RateLimits, 1_000);
        decision.Lease?.Release(800);
        return decision.Refusal is null;
    }

    [Benchmark]
    public bool UnknownKey() => cache.Authenticate("mg-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") is not null;

    private string NextSecret() => secrets[next++ & (secrets.Length - 1)];

    private sealed class Keys(IReadOnlyList<StoredKey> all) : IKeyStore
    {
        public Task<KeyChanges> ChangesSinceAsync(long version, CancellationToken cancellation = default) =>
            Task.FromResult(new KeyChanges(version == 0 ? all : [], 1));

        public Task CreateAsync(VirtualKeyRecord key, byte[] hash, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<VirtualKeyRecord?> GetAsync(string id, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(KeyQuery query, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<(VirtualKeyRecord Before, VirtualKeyRecord After)?> UpdateAsync(
            string id, Func<VirtualKeyRecord, VirtualKeyRecord> change, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<bool> TeamHasActiveKeysAsync(string teamId, CancellationToken cancellation = default) => throw new NotSupportedException();
    }

    private sealed class Teams(IReadOnlyList<TeamRecord> all) : ITeamStore
    {
        public Task<(IReadOnlyList<TeamRecord> Teams, long Version)> SnapshotAsync(CancellationToken cancellation = default) => Task.FromResult((all, 1L));

        public Task<long> VersionAsync(CancellationToken cancellation = default) => Task.FromResult(1L);

        public Task<bool> CreateAsync(TeamRecord team, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<TeamRecord?> GetAsync(string id, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<TeamRecord?> FindByNameAsync(string name, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<TeamRecord>> ListAsync(CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<(TeamRecord Before, TeamRecord After)?> UpdateAsync(
            string id, Func<TeamRecord, TeamRecord> change, CancellationToken cancellation = default) => throw new NotSupportedException();

        public Task<TeamRecord?> DeleteAsync(string id, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}
