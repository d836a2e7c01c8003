using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The single writer with group commit. Writes are queued; one dedicated thread drains whatever
/// is queued, runs the writes in one transaction, COMMITs once and only then completes the
/// callers' tasks. One fsync thus covers many writes, and a caller is answered only once its
/// write is durable. A failing write must leave no trace while the others land: a write that
/// fails before it changed any row (a uniqueness clash, a missing member, a stale version: the
/// usual failures) is simply refused; only when one fails after changing rows is the batch rolled
/// back and run again with a SAVEPOINT per write, which costs SQLite a copy of every page each
/// write touches, too much to pay on every write.
/// </summary>
internal sealed class SqliteWriteLoop : IAsyncDisposable
{
    // A lock-free queue and a wake-up event rather than a Channel, whose lock every caller and
    // the writer's every TryRead took: under a bulk import callers queued on that lock.
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private int _sleeping;
    private volatile bool _completed;
    private readonly SqliteConnection _connection;
    private readonly SqliteResourceWriter _writer;
    private readonly int _maxBatchSize;
    private readonly Action<WriteBatchCommitted> _onCommitted;
    private readonly Task _loop;

    private const int WriterCacheKiB = 32 * 1024;

    public SqliteWriteLoop(SqliteConnection connection, SqliteResourceWriter writer, int maxBatchSize, Action<WriteBatchCommitted> onCommitted)
    {
        _connection = connection;
        _writer = writer;
        _maxBatchSize = Math.Max(1, maxBatchSize);
        _onCommitted = onCommitted;
        // A larger page cache keeps the upper levels of every index of a big table in memory (the
        // savepoint fallback's journal is in memory too: temp_store, set on every connection).
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA cache_size = -{WriterCacheKiB}";
            pragma.ExecuteNonQuery();
        }

        // Microsoft.Data.Sqlite blocks the calling thread even in its async methods, so the loop
        // owns a thread rather than borrowing one from the pool.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<T> Enqueue<T>(Func<SqliteResourceWriter, T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_completed, typeof(SqliteResourceStore));
        var pending = new PendingWrite<T>(write, cancellationToken);
        _queue.Enqueue(pending);
        // Only a writer that announced it is going to sleep needs waking; the Enqueue above is a
        // full fence, so either the writer sees the write when it looks again, or this sees it asleep.
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _wake.Set();
        await _loop.ConfigureAwait(false);
        _writer.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>(_maxBatchSize);
        while (true)
        {
            while (batch.Count < _maxBatchSize && _queue.TryDequeue(out var pending))
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
                continue;
            }

            if (_completed)
            {
                break;
            }

            _wake.Reset();
            Interlocked.Exchange(ref _sleeping, 1);
            if (_queue.IsEmpty && !_completed)
            {
                _wake.Wait();
            }

            Volatile.Write(ref _sleeping, 0);
        }

        // A write queued while the store was being disposed, after the last look at the queue.
        while (_queue.TryDequeue(out var late))
        {
            late.Fail(new ObjectDisposedException(nameof(SqliteResourceStore)));
        }
    }

    private void RunBatch(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        int failed;
        try
        {
            if (!TryRunWithoutSavepoints(batch, out failed))
            {
                failed = RunWithSavepoints(batch);
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

        foreach (var pending in batch)
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

    /// <summary>
    /// Runs the batch in one transaction without savepoints. False, with the transaction rolled
    /// back, when a write failed after it had changed rows: nothing can undo only that write.
    /// </summary>
    private bool TryRunWithoutSavepoints(List<PendingWrite> batch, out int failed)
    {
        failed = 0;
        Execute("BEGIN IMMEDIATE");
        foreach (var pending in batch)
        {
            // Counts rows changed by statements that completed; a statement that fails undoes its
            // own changes and adds nothing. Unchanged means the failed write left the database as it was.
            var changesBefore = raw.sqlite3_total_changes(_connection.Handle);
            try
            {
                pending.Execute(_writer);
            }
            catch (Exception exception)
            {
                ThrowIfTransactionLost(exception);
                if (raw.sqlite3_total_changes(_connection.Handle) != changesBefore)
                {
                    Execute("ROLLBACK");
                    return false;
                }

                failed++;
                pending.Refuse(SqliteErrors.Classify(exception));
            }
        }

        return true;
    }

    /// <summary>Runs the batch again, each write in its own savepoint, so a failing write rolls back only itself.</summary>
    private int RunWithSavepoints(List<PendingWrite> batch)
    {
        var failed = 0;
        Execute("BEGIN IMMEDIATE");
        foreach (var pending in batch)
        {
            Execute("SAVEPOINT write");
            try
            {
                pending.Execute(_writer);
                Execute("RELEASE write");
            }
            catch (Exception exception)
            {
                ThrowIfTransactionLost(exception);
                failed++;
                Execute("ROLLBACK TO write");
                Execute("RELEASE write");
                pending.Refuse(SqliteErrors.Classify(exception));
            }
        }

        return failed;
    }

    private void ThrowIfTransactionLost(Exception exception)
    {
        if (!InTransaction())
        {
            // Some errors (I/O, disk full) make SQLite abandon the whole transaction: the writes
            // before this one are gone too, so they must not be acknowledged.
            throw new IOException("The write batch was rolled back by SQLite.", exception);
        }
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
