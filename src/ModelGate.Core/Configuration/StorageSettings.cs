namespace ModelGate.Core.Configuration;

/// <summary>
/// The <c>storage:</c> section: where keys, teams and the audit log are kept. Read at start-up only; a reload
/// does not move the database.
/// </summary>
/// <param name="SqlitePath">The SQLite file; relative paths are taken from the config file's folder. Null: <see cref="DefaultSqliteFile"/> there.</param>
public sealed record StorageSettings(string? SqlitePath)
{
    public const string DefaultSqliteFile = "modelgate.db";

    public static readonly StorageSettings Default = new((string?)null);

    private static readonly HashSet<string> Fields = ["sqlite_path"];

    /// <summary>The database file for a config read from <paramref name="configPath"/>.</summary>
    public string ResolveSqlitePath(string configPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(folder, SqlitePath ?? DefaultSqliteFile));
    }

    internal static StorageSettings Read(YamlMapping? storage)
    {
        storage?.RejectUnknownKeys(Fields);
        var path = storage?.String("sqlite_path");
        if (path is not null && path.Trim().Length == 0)
        {
            storage!.Error("sqlite_path", "must not be empty (leave it out for modelgate.db beside the config file)");
        }

        return new StorageSettings(string.IsNullOrWhiteSpace(path) ? null : path);
    }
}
