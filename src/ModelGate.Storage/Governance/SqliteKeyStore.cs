using Microsoft.Data.Sqlite;
using ModelGate.Core.Governance;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Storage.Governance;

/// <summary>Virtual keys in SQLite. Writes go through the database's one writer; reads open their own connection.</summary>
public sealed class SqliteKeyStore(SqliteDatabase database) : IKeyStore
{
    private const string Select = "SELECT * FROM virtual_keys";

    public Task CreateAsync(VirtualKeyRecord key, byte[] hash, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync((connection, transaction) =>
        {
            using var insert = Columns.Command(connection, """
                INSERT INTO virtual_keys (id, key_hash, hint, name, team_id, owner, allowed_models, allowed_routes, route_override,
                    scope, expires_at, metadata, rpm, tpm, max_parallel, max_budget_micro_usd, budget_period,
                    created_at, updated_at, revoked_at, version)
                VALUES (@id, @hash, @hint, @name, @team_id, @owner, @models, @routes, @route_override,
                    @scope, @expires_at, @metadata, @rpm, @tpm, @max_parallel, @max_budget, @budget_period,
                    @created_at, @updated_at, @revoked_at, @version)
                """, transaction);
            Bind(insert, key)
                .With("@hash", Convert.ToHexStringLower(hash))
                .With("@hint", key.Hint)
                .With("@created_at", Columns.Ms(key.CreatedAt))
                .With("@version", Columns.NextVersion(connection, transaction, "virtual_keys"));
            return insert.ExecuteNonQuery();
        }, cancellation);

    public Task<VirtualKeyRecord?> GetAsync(string id, CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, Select + " WHERE id = @id").With("@id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    public Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(KeyQuery query, CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, Select + """
             WHERE (@team_id IS NULL OR team_id = @team_id)
               AND (@owner IS NULL OR owner = @owner)
               AND (@include_revoked = 1 OR revoked_at IS NULL)
             ORDER BY created_at DESC, id DESC
             LIMIT @limit
            """)
            .With("@team_id", query.TeamId)
            .With("@owner", query.Owner)
            .With("@include_revoked", query.IncludeRevoked ? 1 : 0)
            .With("@limit", query.Limit);
        using var reader = command.ExecuteReader();
        var keys = new List<VirtualKeyRecord>();
        while (reader.Read())
        {
            keys.Add(Read(reader));
        }

        return Task.FromResult<IReadOnlyList<VirtualKeyRecord>>(keys);
    }

    public Task<(VirtualKeyRecord Before, VirtualKeyRecord After)?> UpdateAsync(
        string id, Func<VirtualKeyRecord, VirtualKeyRecord> change, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync<(VirtualKeyRecord, VirtualKeyRecord)?>((connection, transaction) =>
        {
            VirtualKeyRecord before;
            using (var read = Columns.Command(connection, Select + " WHERE id = @id", transaction).With("@id", id))
            using (var reader = read.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                before = Read(reader);
            }

            var after = change(before) with { Id = before.Id, Hint = before.Hint, CreatedAt = before.CreatedAt };
            if (after == before)
            {
                return (before, before);
            }

            using var update = Columns.Command(connection, """
                UPDATE virtual_keys SET name = @name, team_id = @team_id, owner = @owner, allowed_models = @models,
                    allowed_routes = @routes, route_override = @route_override, scope = @scope, expires_at = @expires_at,
                    metadata = @metadata, rpm = @rpm, tpm = @tpm, max_parallel = @max_parallel,
                    max_budget_micro_usd = @max_budget, budget_period = @budget_period,
                    updated_at = @updated_at, revoked_at = @revoked_at, version = @version
                WHERE id = @id
                """, transaction);
            Bind(update, after).With("@version", Columns.NextVersion(connection, transaction, "virtual_keys"));
            update.ExecuteNonQuery();
            return (before, after);
        }, cancellation);

    public Task<KeyChanges> ChangesSinceAsync(long version, CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, Select + " WHERE version > @version ORDER BY version").With("@version", version);
        using var reader = command.ExecuteReader();
        var keys = new List<StoredKey>();
        var latest = version;
        while (reader.Read())
        {
            keys.Add(new StoredKey(Read(reader), Convert.FromHexString(reader.GetString(reader.GetOrdinal("key_hash")))));
            latest = reader.GetInt64(reader.GetOrdinal("version"));
        }

        return Task.FromResult(new KeyChanges(keys, latest));
    }

    public Task<bool> TeamHasActiveKeysAsync(string teamId, CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, "SELECT COUNT(*) FROM virtual_keys WHERE team_id = @team_id AND revoked_at IS NULL")
            .With("@team_id", teamId);
        return Task.FromResult((long)command.ExecuteScalar()! > 0);
    }

    private static SqliteCommand Bind(SqliteCommand command, VirtualKeyRecord key) => command
        .With("@id", key.Id)
        .With("@name", key.Name)
        .With("@team_id", key.TeamId)
        .With("@owner", key.Owner)
        .With("@models", Columns.List(key.AllowedModels))
        .With("@routes", Columns.List(key.AllowedRoutes))
        .With("@route_override", key.RouteOverride ? 1 : 0)
        .With("@scope", ScopeNames.Name(key.Scope))
        .With("@expires_at", Columns.Ms(key.ExpiresAt))
        .With("@metadata", Columns.Map(key.Metadata))
        .WithLimits(key.Limits)
        .With("@updated_at", Columns.Ms(key.UpdatedAt))
        .With("@revoked_at", Columns.Ms(key.RevokedAt));

    private static VirtualKeyRecord Read(SqliteDataReader reader) => new(
        reader.GetString(reader.GetOrdinal("id")),
        reader.GetString(reader.GetOrdinal("name")),
        reader.GetString(reader.GetOrdinal("hint")),
        Columns.StringOrNull(reader, "team_id"),
        Columns.StringOrNull(reader, "owner"),
        Columns.List(reader, "allowed_models"),
        Columns.List(reader, "allowed_routes"),
        reader.GetInt32(reader.GetOrdinal("route_override")) != 0,
        ScopeNames.Parse(reader.GetString(reader.GetOrdinal("scope"))) ?? KeyScope.Inference,
        Columns.TimeOrNull(reader, "expires_at"),
        Columns.Map(reader, "metadata"),
        Columns.Limits(reader),
        Columns.Time(reader, "created_at"),
        Columns.Time(reader, "updated_at"),
        Columns.TimeOrNull(reader, "revoked_at"));
}
