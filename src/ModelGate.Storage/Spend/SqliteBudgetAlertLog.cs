using System.Globalization;
using ModelGate.Core.Budgets;
using ModelGate.Core.Spend;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Storage.Spend;

/// <summary>Budget alerts in SQLite, appended through the writer.</summary>
public sealed class SqliteBudgetAlertLog(SqliteDatabase database) : IBudgetAlertLog
{
    public Task AppendAsync(BudgetAlert alert, CancellationToken cancellation = default) =>
        database.Writer.WriteAsync((connection, transaction) =>
        {
            using var insert = Columns.Command(connection, """
                INSERT INTO budget_alerts (at, subject_id, subject_name, team_id, percent, spent_nano_usd, limit_micro_usd, budget_period, period_start)
                VALUES (@at, @subject_id, @subject_name, @team_id, @percent, @spent, @limit, @period, @period_start)
                """, transaction)
                .With("@at", Columns.Ms(alert.At))
                .With("@subject_id", alert.Subject.Id)
                .With("@subject_name", alert.Subject.Name)
                .With("@team_id", alert.Subject.TeamId)
                .With("@percent", alert.Percent)
                .With("@spent", SpendTotals.ToNano(alert.Spent))
                .With("@limit", (long)decimal.Round(alert.Subject.Limit * Columns.MicrosPerUsd))
                .With("@period", alert.Subject.Period.ToString().ToLowerInvariant())
                .With("@period_start", SqliteSpendLedger.Day(alert.PeriodStart));
            return insert.ExecuteNonQuery();
        }, cancellation);

    public Task<IReadOnlyList<BudgetAlertRecord>> ListAsync(string? teamId, int limit, CancellationToken cancellation = default)
    {
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, """
            SELECT * FROM budget_alerts WHERE (@team_id IS NULL OR team_id = @team_id) ORDER BY id DESC LIMIT @limit
            """)
            .With("@team_id", teamId)
            .With("@limit", limit);
        using var reader = command.ExecuteReader();
        var alerts = new List<BudgetAlertRecord>();
        while (reader.Read())
        {
            alerts.Add(new BudgetAlertRecord(
                reader.GetInt64(reader.GetOrdinal("id")),
                Columns.Time(reader, "at"),
                reader.GetString(reader.GetOrdinal("subject_id")),
                reader.GetString(reader.GetOrdinal("subject_name")),
                Columns.StringOrNull(reader, "team_id"),
                reader.GetInt32(reader.GetOrdinal("percent")),
                SpendTotals.ToUsd(reader.GetInt64(reader.GetOrdinal("spent_nano_usd"))),
                reader.GetInt64(reader.GetOrdinal("limit_micro_usd")) / Columns.MicrosPerUsd,
                reader.GetString(reader.GetOrdinal("budget_period")),
                DateOnly.ParseExact(reader.GetString(reader.GetOrdinal("period_start")), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return Task.FromResult<IReadOnlyList<BudgetAlertRecord>>(alerts);
    }
}
