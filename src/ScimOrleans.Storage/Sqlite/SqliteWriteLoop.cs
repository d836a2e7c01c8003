using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The single writer with group commit. Writes are queued; one dedicated thread drains whatever
/// is queued, runs each write in its own SAVEPOINT of one transaction (a failing write rolls back
/// only itself), COMMITs once and only then completes the callers' tasks. One fsync thus covers
/// many writes, and a caller is answered only once its write is durable.
/// </summary>
internal sealed class SqliteWriteLoop : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteResourceWriter _writer;
    private readonly int _maxBatchSize;
    private readonly Action<WriteBatchCommitted> _onCommitted;
    private readonly Task _loop;

    public SqliteWriteLoop(SqliteConnection connection, SqliteResourceWriter writer, int maxBatchSize, Action<WriteBatchCommitted> onCommitted)
    {
        _connection = connection;
        _writer = writer;
        _maxBatchSize = Math.Max(1, maxBatchSize);
        _onCommitted = onCommitted;
        // Microsoft.Data.Sqlite blocks the calling thread even in its async methods, so the loop
        // owns a thread rather than borrowing one from the pool.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<T> Enqueue<T>(Func<SqliteResourceWriter, T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteResourceStore));
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private void Run()
    {
        var batch = new List<PendingWrite>(_maxBatchSize);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                    continue;
                }

                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                RunBatch(batch);
                batch.Clear();
            }
        }
    }

    private void RunBatch(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var executed = new List<PendingWrite>(batch.Count);
        var failed = 0;
        try
        {
            Execute("BEGIN IMMEDIATE");
            foreach (var pending in batch)
            {
                Execute("SAVEPOINT write");
                try
                {
                    pending.Execute(_writer);
                    Execute("RELEASE write");
                    executed.Add(pending);
                }
                catch (Exception exception)
                {
                    failed++;
                    if (!InTransaction())
                    {
                        // Some errors (I/O, disk full) make SQLite abandon the whole transaction:
                        // the writes before this one are gone too, so they must not be acknowledged.
                        throw new IOException("The write batch was rolled back by SQLite.", exception);
                    }

                    Execute("ROLLBACK TO write");
                    Execute("RELEASE write");
                    pending.Refuse(SqliteErrors.Classify(exception));
                    executed.Add(pending);
                }
            }

            Execute("COMMIT");
        }
        catch (Exception exception)
        {
            TryRollBack();
            var failure = SqliteErrors.Classify(exception);
            foreach (var pending in batch)
            {
                pending.Fail(failure);
            }

            StoreMetrics.WritesFailed.Add(batch.Count);
            return;
        }

        foreach (var pending in executed)
        {
            pending.Complete();
        }

        var duration = Stopwatch.GetElapsedTime(started);
        StoreMetrics.BatchSize.Record(batch.Count);
        StoreMetrics.BatchDuration.Record(duration.TotalSeconds);
        if (failed > 0)
        {
            StoreMetrics.WritesFailed.Add(failed);
        }

        _onCommitted(new WriteBatchCommitted(batch.Count, failed, duration));
    }

    private void TryRollBack()
    {
        try
        {
            if (InTransaction())
            {
                Execute("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // Nothing more to undo: SQLite rolls back an unfinished transaction itself, and the
            // loop must live on to serve the next batch.
        }
    }

    private bool InTransaction() => raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private void Execute(string sql) => _writer.Commands.Get(sql).ExecuteNonQuery();
}
