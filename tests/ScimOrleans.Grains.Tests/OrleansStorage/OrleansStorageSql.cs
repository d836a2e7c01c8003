using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>
/// Runs the query texts stored in <c>OrleansQuery</c> the way the Orleans provider does: text as-is,
/// bare parameter names, explicit DbTypes, all of a key's parameters (NULL when absent), every row read.
/// </summary>
public static class OrleansStorageSql
{
    public static async Task<string> QueryTextAsync(DbDataSource dataSource, string queryKey)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @QueryKey;";
        command.Parameters.Add(new SqliteParameter("QueryKey", queryKey));
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"{queryKey} is not stored.");
    }

    public static Task<List<Dictionary<string, object?>>> ReadAsync(DbDataSource dataSource, StorageRowIdentity id) =>
        RunAsync(dataSource, "ReadFromStorageKey", id, includeVersion: false, version: null, payload: null);

    public static Task<List<Dictionary<string, object?>>> WriteAsync(
        DbDataSource dataSource, StorageRowIdentity id, int? version, byte[] payload) =>
        RunAsync(dataSource, "WriteToStorageKey", id, includeVersion: true, version, payload);

    public static Task<List<Dictionary<string, object?>>> ClearAsync(DbDataSource dataSource, StorageRowIdentity id, int? version) =>
        RunAsync(dataSource, "ClearStorageKey", id, includeVersion: true, version, payload: null);

    public static Task<List<Dictionary<string, object?>>> DeleteAsync(DbDataSource dataSource, StorageRowIdentity id, int? version) =>
        RunAsync(dataSource, "DeleteStorageKey", id, includeVersion: true, version, payload: null);

    /// <summary>The single version a write/clear/delete returned, or null for a conflict (no row or NULL).</summary>
    public static int? NewVersion(List<Dictionary<string, object?>> rows) =>
        rows.Count switch
        {
            0 => null,
            1 => rows[0].Values.First() is { } value and not DBNull ? Convert.ToInt32(value) : null,
            _ => throw new InvalidOperationException($"Expected at most one row, got {rows.Count}."),
        };

    private static async Task<List<Dictionary<string, object?>>> RunAsync(
        DbDataSource dataSource, string queryKey, StorageRowIdentity id, bool includeVersion, int? version, byte[]? payload)
    {
        var text = await QueryTextAsync(dataSource, queryKey);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = text;
        Add(command, "GrainIdHash", DbType.Int32, id.GrainIdHash);
        Add(command, "GrainIdN0", DbType.Int64, id.N0);
        Add(command, "GrainIdN1", DbType.Int64, id.N1);
        Add(command, "GrainTypeHash", DbType.Int32, id.GrainTypeHash);
        Add(command, "GrainTypeString", DbType.String, id.StateName);
        Add(command, "GrainIdExtensionString", DbType.String, id.Extension);
        Add(command, "ServiceId", DbType.String, id.ServiceId);
        if (includeVersion)
        {
            Add(command, "GrainStateVersion", DbType.Int32, version);
        }

        if (payload is not null)
        {
            Add(command, "PayloadBinary", DbType.Binary, payload);
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Runs ad-hoc SQL (for inspecting or tampering with rows) and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(DbDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
