using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace ModelGate.Storage.Sqlite;

/// <summary>
/// The one connection that writes. Callers queue work on a bounded channel (waiting when it is full, so a burst
/// cannot grow memory without bound); one loop takes whatever is queued, runs each piece in its own savepoint inside
/// one transaction, commits, and only then completes the callers' tasks. One failing piece rolls back alone.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    public const int Capacity = 1024;
    private const int MaxBatch = 256;

    private readonly Channel<IWork> queue = Channel.CreateBounded<IWork>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SqliteConnection connection;
    private readonly Task loop;

    public SqliteWriter(SqliteConnection connection)
    {
        this.connection = connection;
        loop = Task.Run(RunAsync);
    }

    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellation = default)
    {
        var item = new Work<T>(work);
        await queue.Writer.WriteAsync(item, cancellation);
        return await item.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IWork>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            RunBatch(batch);
            batch.Clear();
        }
    }

    private void RunBatch(List<IWork> batch)
    {
        try
        {
            using var transaction = connection.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "w" + i;
                transaction.Save(savepoint);
                try
                {
                    batch[i].Run(connection, transaction);
                    transaction.Release(savepoint);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    transaction.Rollback(savepoint);
                    transaction.Release(savepoint);
                    batch[i].Fail(e);
                }
            }

            transaction.Commit();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var item in batch)
            {
                item.Fail(e);
                item.Complete();
            }

            return;
        }

        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    private interface IWork
    {
        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Fail(Exception exception);

        void Complete();
    }

    private sealed class Work<T>(Func<SqliteConnection, SqliteTransaction, T> work) : IWork
    {
        private T? result;
        private Exception? failure;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(SqliteConnection connection, SqliteTransaction transaction) => result = work(connection, transaction);

        public void Fail(Exception exception) => failure ??= exception;

        public void Complete()
        {
            if (failure is not null)
            {
                Completion.TrySetException(failure);
            }
            else
            {
                Completion.TrySetResult(result!);
            }
        }
    }
}
