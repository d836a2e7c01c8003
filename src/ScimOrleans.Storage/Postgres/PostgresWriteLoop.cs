using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// Group commit on PostgreSQL. Writes are queued on one channel; a few writer loops each take
/// whatever is queued (up to a batch), run every write in its own SAVEPOINT of one transaction
/// (a failing write rolls back only itself), COMMIT once and only then complete the callers'
/// tasks: one WAL flush covers many writes, and a caller is answered only once its write is
/// durable. Unlike SQLite, PostgreSQL lets transactions write concurrently, so while one loop
/// waits for its flush another builds the next batch. Rows locked by two batches in opposite
/// orders make PostgreSQL abort one statement as a deadlock victim: that write is rolled back
/// to its savepoint and queued again after the batch ends, not failed.
/// </summary>
internal sealed class PostgresWriteLoop : IAsyncDisposable
{
    private readonly Channel<PostgresPendingWrite> _queue = Channel.CreateUnbounded<PostgresPendingWrite>();
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly int _maxBatchSize;
    private readonly int _maxRetries;
    private readonly Action<WriteBatchCommitted> _onCommitted;
    private readonly Task[] _loops;
    private int _inFlight;

    public PostgresWriteLoop(NpgsqlDataSource dataSource, TimeProvider time, PostgresStoreOptions options, Action<WriteBatchCommitted> onCommitted)
    {
        _dataSource = dataSource;
        _time = time;
        _maxBatchSize = Math.Max(1, options.MaxBatchSize);
        _maxRetries = Math.Max(0, options.MaxDeadlockRetries);
        _onCommitted = onCommitted;
        _loops = [.. Enumerable.Range(0, Math.Max(1, options.WriterCount)).Select(_ => Task.Run(RunAsync))];
    }

    public Task<T> Enqueue<T>(Func<PostgresResourceWriter, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PostgresPendingWrite<T>(write, cancellationToken);
        Interlocked.Increment(ref _inFlight);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _inFlight);
            throw new ObjectDisposedException(nameof(PostgresResourceStore));
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // Writes queued again after a deadlock still need the queue: wait until nothing is in flight.
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PostgresPendingWrite>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                    Interlocked.Decrement(ref _inFlight);
                    continue;
                }

                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                await RunBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    private async Task RunBatchAsync(List<PostgresPendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var executed = new List<PostgresPendingWrite>(batch.Count);
        var retry = new List<PostgresPendingWrite>();
        var failed = 0;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            var writer = new PostgresResourceWriter(connection, _time);
            // A lone write needs no savepoint: if it fails, the whole transaction is rolled back.
            var savepoints = batch.Count > 1;
            var committable = true;
            foreach (var pending in batch)
            {
                if (savepoints)
                {
                    await connection.ExecuteAsync("SAVEPOINT write").ConfigureAwait(false);
                }

                try
                {
                    await pending.ExecuteAsync(writer).ConfigureAwait(false);
                    if (savepoints)
                    {
                        await connection.ExecuteAsync("RELEASE SAVEPOINT write").ConfigureAwait(false);
                    }

                    executed.Add(pending);
                }
                catch (Exception exception) when (!PostgresErrors.IsUnavailable(exception))
                {
                    // Undoes this write alone; the batch goes on.
                    if (savepoints)
                    {
                        await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT write; RELEASE SAVEPOINT write").ConfigureAwait(false);
                    }
                    else
                    {
                        await transaction.RollbackAsync().ConfigureAwait(false);
                        committable = false;
                    }

                    if (PostgresErrors.IsRetryable(exception) && pending.Attempts < _maxRetries)
                    {
                        pending.Attempts++;
                        retry.Add(pending);
                    }
                    else
                    {
                        failed++;
                        pending.Refuse(exception);
                        executed.Add(pending);
                    }
                }
            }

            if (committable)
            {
                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // The transaction is gone (connection lost, server down, COMMIT failed): nothing in it
            // may be acknowledged. A COMMIT whose answer was lost may still have happened; the
            // caller was not told so, and grains re-read before writing again.
            var failure = PostgresErrors.Classify(exception);
            foreach (var pending in batch)
            {
                pending.Fail(failure);
            }

            StoreMetrics.WritesFailed.Add(batch.Count);
            Interlocked.Add(ref _inFlight, -batch.Count);
            return;
        }

        foreach (var pending in executed)
        {
            pending.Complete();
        }

        foreach (var pending in retry)
        {
            // Locks of the victim's batch are released now; it goes to whichever loop is free.
            if (!_queue.Writer.TryWrite(pending))
            {
                pending.Fail(new ObjectDisposedException(nameof(PostgresResourceStore)));
            }
        }

        Interlocked.Add(ref _inFlight, -(batch.Count - retry.Count));
        var duration = Stopwatch.GetElapsedTime(started);
        StoreMetrics.BatchSize.Record(batch.Count - retry.Count);
        StoreMetrics.BatchDuration.Record(duration.TotalSeconds);
        if (failed > 0)
        {
            StoreMetrics.WritesFailed.Add(failed);
        }

        _onCommitted(new WriteBatchCommitted(batch.Count - retry.Count, failed, duration));
    }
}
