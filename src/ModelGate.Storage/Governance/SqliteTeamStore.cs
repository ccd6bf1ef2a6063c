using Microsoft.Data.Sqlite;
using ModelGate.Core.Governance;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Storage.Governance;

/// <summary>Teams in SQLite. A deletion is remembered in <c>team_deletions</c> so the team version still moves on.</summary>
public sealed class SqliteTeamStore(SqliteDatabase database) : ITeamStore
{
    private const string Select = "SELECT * FROM teams";

    private const string VersionSql = """
        SELECT MAX(v) FROM (
            SELECT COALESCE(MAX(version), 0) AS v FROM teams
            UNION ALL SELECT COALESCE(MAX(version), 0) AS v FROM team_deletions) AS versions
        """;

    public Task<bool> CreateAsync(TeamRecord team, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync((connection, transaction) =>
        {
            if (NameTaken(connection, transaction, team.Name, exceptId: null))
            {
                return false;
            }

            using var insert = Columns.Command(connection, """
                INSERT INTO teams (id, name, allowed_models, rpm, tpm, max_parallel, max_budget_micro_usd, budget_period,
                    metadata, created_at, updated_at, version)
                VALUES (@id, @name, @models, @rpm, @tpm, @max_parallel, @max_budget, @budget_period,
                    @metadata, @created_at, @updated_at, @version)
                """, transaction);
            Bind(insert, team).With("@created_at", Columns.Ms(team.CreatedAt)).With("@version", NextVersion(connection, transaction));
            insert.ExecuteNonQuery();
            return true;
        }, cancellation);

    public Task<TeamRecord?> GetAsync(string id, CancellationToken cancellation = default) => One("id", id);

    public Task<TeamRecord?> FindByNameAsync(string name, CancellationToken cancellation = default) => One("name", name);

    public Task<IReadOnlyList<TeamRecord>> ListAsync(CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        return Task.FromResult(ReadAll(connection, null));
    }

    public Task<(TeamRecord Before, TeamRecord After)?> UpdateAsync(
        string id, Func<TeamRecord, TeamRecord> change, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync<(TeamRecord, TeamRecord)?>((connection, transaction) =>
        {
            TeamRecord before;
            using (var read = Columns.Command(connection, Select + " WHERE id = @id", transaction).With("@id", id))
            using (var reader = read.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                before = Read(reader);
            }

            var after = change(before) with { Id = before.Id, CreatedAt = before.CreatedAt };
            if (after.Name != before.Name && NameTaken(connection, transaction, after.Name, id))
            {
                throw new DuplicateNameException(after.Name);
            }

            using var update = Columns.Command(connection, """
                UPDATE teams SET name = @name, allowed_models = @models, rpm = @rpm, tpm = @tpm, max_parallel = @max_parallel,
                    max_budget_micro_usd = @max_budget, budget_period = @budget_period, metadata = @metadata,
                    updated_at = @updated_at, version = @version
                WHERE id = @id
                """, transaction);
            Bind(update, after).With("@version", NextVersion(connection, transaction));
            update.ExecuteNonQuery();
            return (before, after);
        }, cancellation);

    public Task<TeamRecord?> DeleteAsync(string id, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync((connection, transaction) =>
        {
            TeamRecord? team;
            using (var read = Columns.Command(connection, Select + " WHERE id = @id", transaction).With("@id", id))
            using (var reader = read.ExecuteReader())
            {
                team = reader.Read() ? Read(reader) : null;
            }

            if (team is null)
            {
                return null;
            }

            var version = NextVersion(connection, transaction);
            using var delete = Columns.Command(connection, """
                DELETE FROM teams WHERE id = @id;
                DELETE FROM team_deletions WHERE id = @id;
                INSERT INTO team_deletions (id, version) VALUES (@id, @version);
                """, transaction).With("@id", id).With("@version", version);
            delete.ExecuteNonQuery();
            return team;
        }, cancellation);

    public Task<(IReadOnlyList<TeamRecord> Teams, long Version)> SnapshotAsync(CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        var teams = ReadAll(connection, transaction);
        using var version = Columns.Command(connection, VersionSql, transaction);
        return Task.FromResult((teams, (long)version.ExecuteScalar()!));
    }

    public Task<long> VersionAsync(CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, VersionSql);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    private Task<TeamRecord?> One(string column, string value)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, column == "id" ? Select + " WHERE id = @value" : Select + " WHERE name = @value")
            .With("@value", value);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    private static IReadOnlyList<TeamRecord> ReadAll(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = Columns.Command(connection, Select + " ORDER BY name", transaction);
        using var reader = command.ExecuteReader();
        var teams = new List<TeamRecord>();
        while (reader.Read())
        {
            teams.Add(Read(reader));
        }

        return teams;
    }

    private static bool NameTaken(SqliteConnection connection, SqliteTransaction transaction, string name, string? exceptId)
    {
        using var command = Columns.Command(connection, "SELECT COUNT(*) FROM teams WHERE name = @name AND (@id IS NULL OR id <> @id)", transaction)
            .With("@name", name).With("@id", exceptId);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static long NextVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Columns.Command(connection, VersionSql, transaction);
        return (long)command.ExecuteScalar()! + 1;
    }

    private static SqliteCommand Bind(SqliteCommand command, TeamRecord team) => command
        .With("@id", team.Id)
        .With("@name", team.Name)
        .With("@models", Columns.List(team.AllowedModels))
        .WithLimits(team.Limits)
        .With("@metadata", Columns.Map(team.Metadata))
        .With("@updated_at", Columns.Ms(team.UpdatedAt));

    private static TeamRecord Read(SqliteDataReader reader) => new(
        reader.GetString(reader.GetOrdinal("id")),
        reader.GetString(reader.GetOrdinal("name")),
        Columns.List(reader, "allowed_models"),
        Columns.Limits(reader),
        Columns.Map(reader, "metadata"),
        Columns.Time(reader, "created_at"),
        Columns.Time(reader, "updated_at"));
}
