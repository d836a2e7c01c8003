using Npgsql;
using NpgsqlTypes;

namespace ScimOrleans.Storage.Postgres;

/// <summary>Parameter helpers: null strings get an explicit type, so PostgreSQL never has to guess one.</summary>
internal static class PostgresCommands
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object value)
    {
        command.Parameters.AddWithValue(name, value);
        return command;
    }

    public static NpgsqlCommand WithText(this NpgsqlCommand command, string name, string? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand WithJsonb(this NpgsqlCommand command, string name, string value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = value });
        return command;
    }

    public static NpgsqlCommand WithTextArray(this NpgsqlCommand command, string name, IReadOnlyCollection<string> values)
    {
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return command;
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken = default)
    {
        await using var command = connection.Command(sql);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
