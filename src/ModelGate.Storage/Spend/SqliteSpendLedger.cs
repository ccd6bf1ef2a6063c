using System.Globalization;
using ModelGate.Core.Budgets;
using ModelGate.Core.Spend;
using ModelGate.Storage.Sqlite;

namespace ModelGate.Storage.Spend;

/// <summary>
/// The spend ledger in SQLite: <see cref="Record"/> adds to memory, and every <see cref="FlushInterval"/> the sums
/// are added to <c>spend_daily</c> in one transaction through the writer. A crash loses at most that interval;
/// a clean stop writes everything.
/// </summary>
public sealed class SqliteSpendLedger : ISpendLedger, IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly SqliteDatabase database;
    private readonly Action<Exception> flushFailed;
    private readonly SpendAggregator pending = new();
    private readonly SemaphoreSlim flushing = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int disposed;

    /// <param name="flushFailed">Told when a periodic write fails; the sums stay in memory and the next one tries again.</param>
    public SqliteSpendLedger(SqliteDatabase database, TimeProvider time, Action<Exception> flushFailed)
    {
        this.database = database;
        this.flushFailed = flushFailed;
        loop = Task.Run(() => FlushPeriodicallyAsync(time));
    }

    public void Record(SpendEntry entry) => pending.Add(entry);

    public decimal SpentSince(string subjectId, DateOnly from)
    {
        // Pending first, then the table: a batch committing in between is counted twice (high), never missed.
        var nano = pending.PendingFor(subjectId, from);
        var (column, id) = Subject(subjectId);
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection,
            $"SELECT COALESCE(SUM(cost_nano_usd), 0) FROM spend_daily WHERE {column} = @id AND day >= @from")
            .With("@id", id)
            .With("@from", Day(from));
        nano += (long)command.ExecuteScalar()!;
        return SpendTotals.ToUsd(nano);
    }

    public async Task<IReadOnlyList<SpendRow>> QueryAsync(SpendQuery query, CancellationToken cancellation = default)
    {
        await FlushAsync(cancellation);
        var group = query.GroupBy switch
        {
            SpendGrouping.Key => "key_id",
            SpendGrouping.Team => "team_id",
            SpendGrouping.Model => "model",
            _ => "day",
        };
        using var connection = database.OpenReader();
        using var command = Columns.Command(connection, $"""
            SELECT {group} AS grp, SUM(requests), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),
                   SUM(cache_creation_tokens), SUM(reasoning_tokens), SUM(cost_nano_usd), SUM(unknown_cost_requests)
            FROM spend_daily
            WHERE (@from IS NULL OR day >= @from) AND (@to IS NULL OR day <= @to)
              AND (@key_id IS NULL OR key_id = @key_id) AND (@team_id IS NULL OR team_id = @team_id)
              AND (@model IS NULL OR model = @model)
            GROUP BY {group}
            ORDER BY {(query.GroupBy == SpendGrouping.Day ? "grp DESC" : "SUM(cost_nano_usd) DESC, grp")}
            LIMIT @limit
            """)
            .With("@from", query.From is { } from ? Day(from) : null)
            .With("@to", query.To is { } to ? Day(to) : null)
            .With("@key_id", query.KeyId)
            .With("@team_id", query.TeamId)
            .With("@model", query.Model)
            .With("@limit", query.Limit);
        using var reader = command.ExecuteReader();
        var rows = new List<SpendRow>();
        while (reader.Read())
        {
            rows.Add(new SpendRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), SpendTotals.ToUsd(reader.GetInt64(7)), reader.GetInt64(8)));
        }

        return rows;
    }

    public async Task FlushAsync(CancellationToken cancellation = default)
    {
        await flushing.WaitAsync(cancellation);
        try
        {
            if (pending.TakeBatch() is not { } batch)
            {
                return;
            }

            var written = false;
            try
            {
                await database.Writer.WriteAsync((connection, transaction) =>
                {
                    foreach (var (bucket, totals) in batch)
                    {
                        Upsert(connection, transaction, bucket, totals);
                    }

                    return true;
                }, CancellationToken.None);
                written = true;
            }
            finally
            {
                pending.BatchDone(written);
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    private static void Upsert(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        SpendBucket bucket, SpendTotals totals)
    {
        using var upsert = Columns.Command(connection, """
            INSERT INTO spend_daily (day, key_id, team_id, model, requests, prompt_tokens, completion_tokens, cached_tokens,
                                     cache_creation_tokens, reasoning_tokens, cost_nano_usd, unknown_cost_requests)
            VALUES (@day, @key_id, @team_id, @model, @requests, @prompt, @completion, @cached, @cache_creation, @reasoning, @cost, @unknown)
            ON CONFLICT (day, key_id, team_id, model) DO UPDATE SET
                requests = spend_daily.requests + excluded.requests,
                prompt_tokens = spend_daily.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = spend_daily.completion_tokens + excluded.completion_tokens,
                cached_tokens = spend_daily.cached_tokens + excluded.cached_tokens,
                cache_creation_tokens = spend_daily.cache_creation_tokens + excluded.cache_creation_tokens,
                reasoning_tokens = spend_daily.reasoning_tokens + excluded.reasoning_tokens,
                cost_nano_usd = spend_daily.cost_nano_usd + excluded.cost_nano_usd,
                unknown_cost_requests = spend_daily.unknown_cost_requests + excluded.unknown_cost_requests
            """, transaction)
            .With("@day", Day(bucket.Day))
            .With("@key_id", bucket.KeyId)
            .With("@team_id", bucket.TeamId)
            .With("@model", bucket.Model)
            .With("@requests", totals.Requests)
            .With("@prompt", totals.PromptTokens)
            .With("@completion", totals.CompletionTokens)
            .With("@cached", totals.CachedTokens)
            .With("@cache_creation", totals.CacheCreationTokens)
            .With("@reasoning", totals.ReasoningTokens)
            .With("@cost", totals.CostNanoUsd)
            .With("@unknown", totals.UnknownCostRequests);
        upsert.ExecuteNonQuery();
    }

    private async Task FlushPeriodicallyAsync(TimeProvider time)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, time, stopping.Token);
                await FlushAsync(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                flushFailed(e);
            }
        }
    }

    private static (string Column, string Id) Subject(string subjectId) =>
        subjectId.StartsWith(BudgetSubject.TeamPrefix, StringComparison.Ordinal)
            ? ("team_id", subjectId[BudgetSubject.TeamPrefix.Length..])
            : ("key_id", subjectId.StartsWith(BudgetSubject.KeyPrefix, StringComparison.Ordinal) ? subjectId[BudgetSubject.KeyPrefix.Length..] : subjectId);

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        // Disposed twice: by GovernanceStores, which owns it, and by the service container that hands it out.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        await loop;
        await FlushAsync();
        stopping.Dispose();
    }
}
