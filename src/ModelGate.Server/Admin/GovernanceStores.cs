using ModelGate.Core.Configuration;
using ModelGate.Core.Governance;
using ModelGate.Storage;
using ModelGate.Storage.Governance;
using ModelGate.Storage.Spend;
using ModelGate.Storage.Sqlite;
using ModelGate.Core.Budgets;

namespace ModelGate.Server.Admin;

/// <summary>
/// The governance database a config points at, opened with its migrations applied, and the stores over it. The
/// gateway and the CLI open it the same way, so both see the same keys.
/// </summary>
public sealed class GovernanceStores : IAsyncDisposable
{
    private GovernanceStores(SqliteDatabase database, KeyHasher hasher, string? pepperFile, TimeProvider time)
    {
        Database = database;
        Hasher = hasher;
        PepperFile = pepperFile;
        Keys = new SqliteKeyStore(database);
        Teams = new SqliteTeamStore(database);
        Audit = new SqliteAuditLog(database);
        Spend = new SqliteSpendLedger(database, time, error => SpendFlushFailed?.Invoke(error));
        BudgetAlerts = new SqliteBudgetAlertLog(database);
    }

    public SqliteDatabase Database { get; }

    public KeyHasher Hasher { get; }

    /// <summary>The pepper file used because <c>MODELGATE_KEY_PEPPER</c> is unset; null when the variable is set.</summary>
    public string? PepperFile { get; }

    public IKeyStore Keys { get; }

    public ITeamStore Teams { get; }

    public IAuditLog Audit { get; }

    public SqliteSpendLedger Spend { get; }

    public IBudgetAlertLog BudgetAlerts { get; }

    /// <summary>Told when the spend ledger's periodic write fails (the host logs it).</summary>
    public Action<Exception>? SpendFlushFailed { get; set; }

    public static GovernanceStores Open(string configPath, GatewayConfig config, TimeProvider time)
    {
        var path = config.Storage.ResolveSqlitePath(configPath);
        var database = SqliteDatabase.Open(path, time);
        try
        {
            var pepper = KeyPepper.Resolve(path, Environment.GetEnvironmentVariable(KeyPepper.EnvironmentVariable), out var pepperFile);
            return new GovernanceStores(database, new KeyHasher(pepper), pepperFile, time);
        }
        catch
        {
            database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Writes the spend not yet written, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        await Spend.DisposeAsync();
        await Database.DisposeAsync();
    }
}
