using Microsoft.Data.Sqlite;
using ModelGate.Core.Governance;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Storage.Governance;

/// <summary>The audit log in SQLite: appended through the writer, never updated.</summary>
public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync((connection, transaction) =>
        {
            using var insert = Columns.Command(connection, """
                INSERT INTO audit_log (at, actor, action, target_type, target_id, team_id, before_json, after_json)
                VALUES (@at, @actor, @action, @target_type, @target_id, @team_id, @before, @after)
                RETURNING id
                """, transaction)
                .With("@at", Columns.Ms(entry.At))
                .With("@actor", entry.Actor)
                .With("@action", entry.Action)
                .With("@target_type", entry.TargetType)
                .With("@target_id", entry.TargetId)
                .With("@team_id", entry.TeamId)
                .With("@before", entry.Before)
                .With("@after", entry.After);
            return (long)insert.ExecuteScalar()!;
        }, cancellation);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, """
            SELECT * FROM audit_log
            WHERE (@team_id IS NULL OR team_id = @team_id)
              AND (@target_id IS NULL OR target_id = @target_id)
              AND (@before_id IS NULL OR id < @before_id)
            ORDER BY id DESC
            LIMIT @limit
            """)
            .With("@team_id", query.TeamId)
            .With("@target_id", query.TargetId)
            .With("@before_id", query.BeforeId)
            .With("@limit", query.Limit);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(Read(reader));
        }

        return Task.FromResult<IReadOnlyList<AuditEntry>>(entries);
    }

    private static AuditEntry Read(SqliteDataReader reader) => new(
        reader.GetInt64(reader.GetOrdinal("id")),
        Columns.Time(reader, "at"),
        reader.GetString(reader.GetOrdinal("actor")),
        reader.GetString(reader.GetOrdinal("action")),
        reader.GetString(reader.GetOrdinal("target_type")),
        reader.GetString(reader.GetOrdinal("target_id")),
        Columns.StringOrNull(reader, "team_id"),
        Columns.StringOrNull(reader, "before_json"),
        Columns.StringOrNull(reader, "after_json"));
}
