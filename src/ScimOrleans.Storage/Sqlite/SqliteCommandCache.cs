using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Commands kept per connection and keyed by their SQL, so each statement is prepared once and
/// reused. Filters produce the same SQL for the same shape (values are parameters), so list
/// queries benefit too; the cache is bounded so odd shapes cannot grow it without limit.
/// </summary>
internal sealed class SqliteCommandCache(SqliteConnection connection, int capacity = 256) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/> with no parameters; owned by the cache.</summary>
    public SqliteCommand Get(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }

        if (_commands.Count >= capacity)
        {
            Clear();
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(sql, command);
        return command;
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
