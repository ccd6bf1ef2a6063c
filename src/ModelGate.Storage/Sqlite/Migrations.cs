using Microsoft.Data.Sqlite;

namespace ModelGate.Storage.Sqlite;

/// <summary>
/// The schema, as numbered steps applied in order at start-up, each once: <c>schema_migrations</c> records which
/// ran. Types are those PostgreSQL also has (<c>VARCHAR</c>, <c>TEXT</c>, <c>BIGINT</c>, <c>SMALLINT</c>); times are
/// epoch milliseconds; lists and maps are JSON text; money is whole micro-dollars (budgets) or nano-dollars (spend, where a token costs a few).
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "teams, virtual keys, audit log", """
            CREATE TABLE teams (
                id VARCHAR(64) NOT NULL PRIMARY KEY,
                name VARCHAR(200) NOT NULL UNIQUE,
                allowed_models TEXT NULL,
                rpm INTEGER NULL,
                tpm INTEGER NULL,
                max_parallel INTEGER NULL,
                max_budget_micro_usd BIGINT NULL,
                budget_period VARCHAR(16) NULL,
                metadata TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL
            );
            CREATE INDEX ix_teams_version ON teams (version);
            CREATE TABLE team_deletions (
                id VARCHAR(64) NOT NULL PRIMARY KEY,
                version BIGINT NOT NULL
            );
            CREATE TABLE virtual_keys (
                id VARCHAR(64) NOT NULL PRIMARY KEY,
                key_hash VARCHAR(64) NOT NULL UNIQUE,
                hint VARCHAR(32) NOT NULL,
                name VARCHAR(200) NOT NULL,
                team_id VARCHAR(64) NULL,
                owner VARCHAR(200) NULL,
                allowed_models TEXT NULL,
                allowed_routes TEXT NULL,
                route_override SMALLINT NOT NULL,
                scope VARCHAR(16) NOT NULL,
                expires_at BIGINT NULL,
                metadata TEXT NOT NULL,
                rpm INTEGER NULL,
                tpm INTEGER NULL,
                max_parallel INTEGER NULL,
                max_budget_micro_usd BIGINT NULL,
                budget_period VARCHAR(16) NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                revoked_at BIGINT NULL,
                version BIGINT NOT NULL
            );
            CREATE INDEX ix_virtual_keys_team ON virtual_keys (team_id);
            CREATE INDEX ix_virtual_keys_version ON virtual_keys (version);
            CREATE TABLE audit_log (
                id INTEGER NOT NULL PRIMARY KEY,
                at BIGINT NOT NULL,
                actor VARCHAR(200) NOT NULL,
                action VARCHAR(64) NOT NULL,
                target_type VARCHAR(32) NOT NULL,
                target_id VARCHAR(64) NOT NULL,
                team_id VARCHAR(64) NULL,
                before_json TEXT NULL,
                after_json TEXT NULL
            );
            CREATE INDEX ix_audit_log_team ON audit_log (team_id, id);
            CREATE INDEX ix_audit_log_target ON audit_log (target_id, id);
            """),
        (2, "spend per day, key, team and model; budget alerts", """
            CREATE TABLE spend_daily (
                day VARCHAR(10) NOT NULL,
                key_id VARCHAR(210) NOT NULL,
                team_id VARCHAR(64) NOT NULL,
                model VARCHAR(200) NOT NULL,
                requests BIGINT NOT NULL,
                prompt_tokens BIGINT NOT NULL,
                completion_tokens BIGINT NOT NULL,
                cached_tokens BIGINT NOT NULL,
                cache_creation_tokens BIGINT NOT NULL,
                reasoning_tokens BIGINT NOT NULL,
                cost_nano_usd BIGINT NOT NULL,
                unknown_cost_requests BIGINT NOT NULL,
                PRIMARY KEY (day, key_id, team_id, model)
            );
            CREATE INDEX ix_spend_daily_key ON spend_daily (key_id, day);
            CREATE INDEX ix_spend_daily_team ON spend_daily (team_id, day);
            CREATE TABLE budget_alerts (
                id INTEGER NOT NULL PRIMARY KEY,
                at BIGINT NOT NULL,
                subject_id VARCHAR(80) NOT NULL,
                subject_name VARCHAR(220) NOT NULL,
                team_id VARCHAR(64) NULL,
                percent INTEGER NOT NULL,
                spent_nano_usd BIGINT NOT NULL,
                limit_micro_usd BIGINT NOT NULL,
                budget_period VARCHAR(16) NOT NULL,
                period_start VARCHAR(10) NOT NULL
            );
            CREATE INDEX ix_budget_alerts_team ON budget_alerts (team_id, id);
            """),
    ];

    /// <summary>Applies every step not yet recorded, each in its own transaction. Returns how many ran.</summary>
    public static int Apply(SqliteConnection connection, TimeProvider time)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER NOT NULL PRIMARY KEY,
                    name VARCHAR(200) NOT NULL,
                    applied_at BIGINT NOT NULL
                )
                """;
            create.ExecuteNonQuery();
        }

        var applied = new HashSet<int>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT version FROM schema_migrations";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var ran = 0;
        foreach (var (version, name, sql) in All.Where(step => !applied.Contains(step.Version)))
        {
            using var transaction = connection.BeginTransaction();
            using (var step = connection.CreateCommand())
            {
                step.Transaction = transaction;
                step.CommandText = sql;
                step.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)";
                record.Parameters.AddWithValue("@version", version);
                record.Parameters.AddWithValue("@name", name);
                record.Parameters.AddWithValue("@at", time.GetUtcNow().ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            ran++;
        }

        return ran;
    }

}
