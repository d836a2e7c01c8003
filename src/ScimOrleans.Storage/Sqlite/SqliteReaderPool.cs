using System.Collections.Concurrent;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Read connections kept open with their prepared commands. In WAL mode readers do not block the
/// writer or each other, so every read takes its own connection and sees the last commit.
/// </summary>
internal sealed class SqliteReaderPool(SqliteConnectionFactory factory, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<SqliteCommandCache> _idle = [];
    private int _idleCount;
    private bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var commands))
        {
            Interlocked.Decrement(ref _idleCount);
            return new Lease(this, commands);
        }

        return new Lease(this, new SqliteCommandCache(factory.Open(readOnly: true)));
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var commands))
        {
            Close(commands);
        }
    }

    private void Return(SqliteCommandCache commands)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= maxIdle)
        {
            _idle.Add(commands);
            return;
        }

        Interlocked.Decrement(ref _idleCount);
        Close(commands);
    }

    private static void Close(SqliteCommandCache commands)
    {
        var connection = commands.Connection;
        commands.Dispose();
        connection.Dispose();
    }

    public readonly struct Lease(SqliteReaderPool pool, SqliteCommandCache commands) : IDisposable
    {
        public SqliteCommandCache Commands => commands;

        public void Dispose() => pool.Return(commands);
    }
}
