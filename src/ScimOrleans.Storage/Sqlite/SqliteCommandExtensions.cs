using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Sqlite;

internal static class SqliteCommandExtensions
{
    /// <summary>Adds a parameter; null becomes SQL NULL.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
