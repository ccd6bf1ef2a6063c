using Microsoft.Data.Sqlite;

namespace ModelGate.Storage.Tests.Sqlite;

public sealed class MigrationsTests
{
    [Fact]
    public async Task A_new_database_gets_every_migration_once_and_a_reopen_applies_none()
    {
        await using var db = new TempDatabase();
        Assert.Equal(ModelGate.Storage.Sqlite.Migrations.All.Count, db.Database.MigrationsApplied);

        await db.ReopenAsync();
        Assert.Equal(0, db.Database.MigrationsApplied);

        await db.ReopenAsync();
        Assert.Equal(0, db.Database.MigrationsApplied);
        Assert.Equal(ModelGate.Storage.Sqlite.Migrations.All.Select(step => (object)step.Version), Query(db.Path, "SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_the_governance_tables()
    {
        await using var db = new TempDatabase();

        Assert.Equal(["wal"], Query(db.Path, "PRAGMA journal_mode"));
        var tables = Query(db.Path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        Assert.Superset(new HashSet<object> { "audit_log", "schema_migrations", "team_deletions", "teams", "virtual_keys" }, tables.ToHashSet());
    }

    [Fact]
    public void Migration_numbers_are_unique_and_ascending()
    {
        var versions = ModelGate.Storage.Sqlite.Migrations.All.Select(step => step.Version).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Distinct().Count(), versions.Count);
    }

    [Fact]
    public async Task Open_creates_missing_folders()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"modelgate-storage-{Guid.NewGuid():N}");
        try
        {
            await using var database = ModelGate.Storage.Sqlite.SqliteDatabase.Open(Path.Combine(folder, "a", "b", "x.db"));
            Assert.True(File.Exists(Path.Combine(folder, "a", "b", "x.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<object> Query(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<object>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0) is long number ? (int)number : reader.GetValue(0));
        }

        return values;
    }
}
