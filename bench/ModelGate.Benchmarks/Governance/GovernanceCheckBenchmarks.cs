using BenchmarkDotNet.Attributes;
using ModelGate.Core.Budgets;
using ModelGate.Core.Configuration;
using ModelGate.Core.Governance;
using ModelGate.Core.Pricing;
using ModelGate.Core.RateLimiting;
using ModelGate.Core.Routing;
using ModelGate.Core.Spend;
using ModelGate.Core.Usage;
using ModelGate.Storage.Spend;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Benchmarks.Governance;

/// <summary>
/// The governance work each request pays around its upstream call, with 100,000 virtual keys in the cache, every key
/// and every team with a budget: the key looked up by its HMAC (<see cref="VirtualKeyCache"/>); its estimated cost
/// reserved against its own and its team's budget (<see cref="InMemoryBudgetTracker"/>); admission against both rpm,
/// tpm and max-parallel limits (<see cref="InMemoryRateLimiter"/>); then, as <c>AdmissionStage</c> bills a finished
/// request, the rate-limit lease released on the real tokens, the budget lease settled on the real cost and the spend
/// recorded in the real <see cref="SqliteSpendLedger"/> (on a temporary database, flushed once a second as in the
/// gateway). Keys are taken in turn from 1,024 of them, so lookups are not all one cache line.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GovernanceCheckBenchmarks
{
    private const int KeyCount = 100_000;
    private const int TeamCount = 100;

    /// <summary>Far more than the run can spend, so no request is refused and no alert threshold is crossed.</summary>
    private const decimal Budget = 1_000_000_000m;

    private static readonly IReadOnlyList<int> AlertThresholds = [80, 100];

    /// <summary>gpt-4o-mini's list price, as the load harness's deployment has.</summary>
    private static readonly DeploymentPrice Price = new(0.15m, 0.60m);

    // The 1,000 tokens reserved and 800 used that AuthenticateAndAdmit counts, near the load harness's request.
    private static readonly TokenEstimate Estimate = new(Input: 500, Output: 500);
    private static readonly TokenUsage Usage = new(PromptTokens: 420, CompletionTokens: 380, TotalTokens: 800);

    private string[] secrets = [];
    private VirtualKeyCache cache = null!;
    private InMemoryRateLimiter limiter = null!;
    private string directory = "";
    private SqliteDatabase database = null!;
    private SqliteSpendLedger ledger = null!;
    private InMemoryBudgetTracker budgets = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var hasher = new KeyHasher(new byte[KeyHasher.MinPepperBytes]);
        var limits = new GovernanceLimits(Rpm: int.MaxValue, Tpm: int.MaxValue, MaxParallel: 1_000, MaxBudgetUsd: Budget, BudgetPeriod: BudgetPeriod.Monthly);
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
        directory = Directory.CreateTempSubdirectory("modelgate-bench-").FullName;
        database = SqliteDatabase.Open(Path.Combine(directory, "spend.db"));
        ledger = new SqliteSpendLedger(database, TimeProvider.System, error => Console.Error.WriteLine($"spend flush failed: {error.Message}"));
        budgets = new InMemoryBudgetTracker(ledger, new NoAlerts(), () => AlertThresholds, TimeProvider.System);

        // A budget reads its period's spend from the ledger the first time it is seen: do that here, not in the measurement.
        foreach (var secret in secrets)
        {
            var principal = cache.Authenticate(secret) ?? throw new InvalidOperationException("unknown key");
            if (principal.Budgets.Count != 2)
            {
                throw new InvalidOperationException($"{principal.Budgets.Count} budgets on a key, not its own and its team's");
            }

            budgets.TryReserve(principal.Budgets, 0).Lease!.Settle(0);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public bool Authenticate() => cache.Authenticate(NextSecret()) is not null;

    [Benchmark(Baseline = true)]
    public bool AuthenticateAndAdmit()
    {
        var principal = cache.Authenticate(NextSecret()) ?? throw new InvalidOperationException("unknown key");
        var decision = limiter.TryAcquire(principal.RateLimits, 1_000);
        decision.Lease?.Release(800);
        return decision.Refusal is null;
    }

    /// <summary>The whole path of an inference request with budgets, in <c>AdmissionStage</c>'s order.</summary>
    [Benchmark]
    public bool AuthenticateAdmitAndBudget()
    {
        var principal = cache.Authenticate(NextSecret()) ?? throw new InvalidOperationException("unknown key");
        var reservation = budgets.TryReserve(principal.Budgets, Estimate.CostAt(Price));
        var decision = limiter.TryAcquire(principal.RateLimits, Estimate.Total);
        decision.Lease?.Release(Usage.TotalTokens);
        var cost = Cost.Of(Usage, Price);
        reservation.Lease?.Settle(cost);
        ledger.Record(new SpendEntry(TimeProvider.System.GetUtcNow(), principal.SpendKey, principal.TeamId, "bench", Usage, cost));
        return reservation.Refusal is null && decision.Refusal is null;
    }

    [Benchmark]
    public bool UnknownKey() => cache.Authenticate("mg-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") is not null;

    private string NextSecret() => secrets[next++ & (secrets.Length - 1)];

    private sealed class NoAlerts : IBudgetAlertSink
    {
        public void Raise(BudgetAlert alert) => throw new InvalidOperationException($"{alert.Subject.Name} crossed {alert.Percent} %: the budget is too small");
    }

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
