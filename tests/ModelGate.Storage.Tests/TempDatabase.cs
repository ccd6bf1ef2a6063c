using ModelGate.Core.Governance;
using ModelGate.Storage.Governance;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Storage.Tests;

/// <summary>A database file in its own temporary folder, deleted with the folder.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelgate-storage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "test.db");
        Database = SqliteDatabase.Open(Path);
    }

    public string Folder { get; }

    public string Path { get; }

    public SqliteDatabase Database { get; private set; }

    public SqliteKeyStore Keys => new(Database);

    public SqliteTeamStore Teams => new(Database);

    public SqliteAuditLog Audit => new(Database);

    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = SqliteDatabase.Open(Path);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    public static VirtualKeyRecord Key(string id, string? team = null, IReadOnlyList<string>? models = null, DateTimeOffset? expires = null) => new(
        id, "name-" + id, "mg-abcd...wxyz", team, "owner", models, null, false, KeyScope.Inference, expires,
        new Dictionary<string, string>(), GovernanceLimits.None, DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch.AddDays(1));

    public static TeamRecord Team(string id, string? name = null, IReadOnlyList<string>? models = null) => new(
        id, name ?? "team-" + id, models, GovernanceLimits.None, new Dictionary<string, string>(),
        DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch.AddDays(1));
}
