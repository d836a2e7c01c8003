using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The values of a generated statement. Every value taken from a request becomes a parameter, so
/// generated SQL never contains client text and the same filter shape yields the same SQL.
/// </summary>
internal sealed class SqlParameters : IStatementParameters<SqliteCommand>
{
    private readonly List<KeyValuePair<string, object?>> _values = [];

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = $"@p{_values.Count}";
        _values.Add(new(name, value));
        return name;
    }

    public void ApplyTo(SqliteCommand command)
    {
        foreach (var (name, value) in _values)
        {
            command.With(name, value);
        }
    }
}
