using ModelGate.Core.Configuration;
using ModelGate.Core.Governance;
using ModelGate.Storage;
using ModelGate.Storage.Governance;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Server.Admin;

/// <summary>
/// The governance database a config points at, opened with its migrations applied, and the stores over it. The
/// gateway and the CLI open it the same way, so both see the same keys.
/// </summary>
public sealed class GovernanceStores : IAsyncDisposable
{
    private GovernanceStores(SqliteDatabase database, KeyHasher hasher, string? pepperFile)
    {
        Database = database;
        Hasher = hasher;
        PepperFile = pepperFile;
        Keys = new SqliteKeyStore(database);
        Teams = new SqliteTeamStore(database);
        Audit = new SqliteAuditLog(database);
    }

    public SqliteDatabase Database { get; }

    public KeyHasher Hasher { get; }

    /// <summary>The pepper file used because <c>MODELGATE_KEY_PEPPER</c> is unset; null when the variable is set.</summary>
    public string? PepperFile { get; }

    public IKeyStore Keys { get; }

    public ITeamStore Teams { get; }

    public IAuditLog Audit { get; }

    public static GovernanceStores Open(string configPath, GatewayConfig config, TimeProvider time)
    {
        var path = config.Storage.ResolveSqlitePath(configPath);
        var database = SqliteDatabase.Open(path, time);
        try
        {
            var pepper = KeyPepper.Resolve(path, Environment.GetEnvironmentVariable(KeyPepper.EnvironmentVariable), out var pepperFile);
            return new GovernanceStores(database, new KeyHasher(pepper), pepperFile);
        }
        catch
        {
            database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
