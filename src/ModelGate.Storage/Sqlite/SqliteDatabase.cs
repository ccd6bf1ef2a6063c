using Microsoft.Data.Sqlite;

namespace ModelGate.Storage.Sqlite;

/// <summary>
/// One SQLite database file: opened in WAL mode with its migrations applied, one writer connection fed through a
/// bounded channel (<see cref="SqliteWriter"/>), and a fresh pooled connection for each read, so reads never wait
/// behind writes.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly SqliteConnection writerConnection;

    private SqliteDatabase(string path, string connectionString, SqliteConnection writerConnection, int migrationsApplied)
    {
        Path = path;
        this.connectionString = connectionString;
        this.writerConnection = writerConnection;
        MigrationsApplied = migrationsApplied;
        Writer = new SqliteWriter(writerConnection);
    }

    public string Path { get; }

    /// <summary>How many migrations this open applied (0 when the schema was already current).</summary>
    public int MigrationsApplied { get; }

    internal SqliteWriter Writer { get; }

    /// <summary>Opens (creating when absent) the database at <paramref name="path"/> and brings its schema up to date.</summary>
    public static SqliteDatabase Open(string path, TimeProvider? time = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        var applied = Migrations.Apply(writer, time ?? TimeProvider.System);
        return new SqliteDatabase(full, connectionString, writer, applied);
    }

    /// <summary>A connection for reading, open; dispose it when done (it goes back to the pool).</summary>
    internal SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await writerConnection.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
    }
}
