using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// The values of a generated statement. Every value taken from a request becomes a parameter, so
/// generated SQL never contains client text and the same filter shape yields the same SQL.
/// </summary>
internal sealed class PostgresParameters : IStatementParameters<NpgsqlCommand>
{
    private readonly List<KeyValuePair<string, object>> _values = [];

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object value)
    {
        var name = $"@p{_values.Count}";
        _values.Add(new(name, value));
        return name;
    }

    /// <summary>A text[] path parameter for <c>#&gt;</c> and <c>#&gt;&gt;</c>.</summary>
    public string Path(IEnumerable<string> keys) => Add(keys.ToArray());

    public void ApplyTo(NpgsqlCommand command)
    {
        foreach (var (name, value) in _values)
        {
            if (value is string[] path)
            {
                command.WithTextArray(name, path);
            }
            else
            {
                command.With(name, value);
            }
        }
    }
}
