using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using ModelGate.Core.Governance;

namespace ModelGate.Storage.Sqlite;

/// <summary>How values become columns and back: times as epoch ms, lists and maps as JSON, money as micro-dollars.</summary>
internal static class Columns
{
    public const decimal MicrosPerUsd = 1_000_000m;

    public static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(SqliteDataReader reader, string column) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal(column)));

    public static DateTimeOffset? TimeOrNull(SqliteDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal(column)));

    public static string? StringOrNull(SqliteDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));

    public static int? IntOrNull(SqliteDataReader reader, string column) =>
        reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetInt32(reader.GetOrdinal(column));

    public static string? List(IReadOnlyList<string>? list) =>
        list is null ? null : JsonSerializer.Serialize(list.ToList(), StorageJson.Default.ListString);

    public static IReadOnlyList<string>? List(SqliteDataReader reader, string column) =>
        StringOrNull(reader, column) is { } json ? JsonSerializer.Deserialize(json, StorageJson.Default.ListString) : null;

    public static string Map(IReadOnlyDictionary<string, string> map) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(map, StringComparer.Ordinal), StorageJson.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> Map(SqliteDataReader reader, string column) =>
        JsonSerializer.Deserialize(reader.GetString(reader.GetOrdinal(column)), StorageJson.Default.DictionaryStringString) ?? [];

    /// <summary>Adds <c>@rpm</c>, <c>@tpm</c>, <c>@max_parallel</c>, <c>@max_budget</c>, <c>@budget_period</c>.</summary>
    public static SqliteCommand WithLimits(this SqliteCommand command, GovernanceLimits limits) => command
        .With("@rpm", limits.Rpm)
        .With("@tpm", limits.Tpm)
        .With("@max_parallel", limits.MaxParallel)
        .With("@max_budget", limits.MaxBudgetUsd is { } usd ? (long)decimal.Round(usd * MicrosPerUsd) : null)
        .With("@budget_period", limits.BudgetPeriod?.ToString().ToLowerInvariant());

    public static GovernanceLimits Limits(SqliteDataReader reader)
    {
        var budget = reader.IsDBNull(reader.GetOrdinal("max_budget_micro_usd"))
            ? (decimal?)null
            : reader.GetInt64(reader.GetOrdinal("max_budget_micro_usd")) / MicrosPerUsd;
        var period = StringOrNull(reader, "budget_period") is { } text && Enum.TryParse<BudgetPeriod>(text, ignoreCase: true, out var parsed)
            ? parsed
            : (BudgetPeriod?)null;
        return new GovernanceLimits(IntOrNull(reader, "rpm"), IntOrNull(reader, "tpm"), IntOrNull(reader, "max_parallel"), budget, period);
    }

    /// <summary>The next version of a versioned table; safe because only the writer calls it.</summary>
    public static long NextVersion(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        using var command = Command(connection, $"SELECT COALESCE(MAX(version), 0) + 1 FROM {table}", transaction);
        return (long)command.ExecuteScalar()!;
    }
}

[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
