using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// One statement prepared once on the writer connection, its parameter positions looked up once. The statements
/// every write runs (the row, its indexed values, its activity entry) go through this rather
/// than <see cref="SqliteCommand"/>, which looks every parameter up by name, allocates a reader
/// per execution and re-adds its parameters each time: on the single writer thread that overhead
/// was a large share of each write. Errors surface as <see cref="SqliteException"/>, as with a
/// command. Used only on the thread that owns the connection.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement, out var tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            throw new ArgumentException("One statement only.", nameof(sql));
        }

        for (var i = 1; i <= raw.sqlite3_bind_parameter_count(_statement); i++)
        {
            _positions[raw.sqlite3_bind_parameter_name(_statement, i).utf8_to_string()] = i;
        }
    }

    /// <summary>
    /// Binds the parameter <paramref name="name"/> (with its prefix, e.g. <c>@id</c>); null becomes
    /// SQL NULL. A name the statement does not use is ignored, as a command ignores it, so an
    /// insert and an update of the same row can be bound by the same code.
    /// </summary>
    public SqliteStatement Bind(string name, string? value)
    {
        if (!_positions.TryGetValue(name, out var index))
        {
            return this;
        }

        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));
        return this;
    }

    public SqliteStatement Bind(string name, long? value)
    {
        if (!_positions.TryGetValue(name, out var index))
        {
            return this;
        }

        Check(value is { } number ? raw.sqlite3_bind_int64(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    /// <summary>Runs the statement to completion and leaves it reset and unbound for the next use.</summary>
    public void Execute()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }

            if (rc != raw.SQLITE_DONE)
            {
                // The error of the step, not of the reset below, which would repeat it without detail.
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
