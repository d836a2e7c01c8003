using Npgsql;
using ScimOrleans.Storage.Postgres;
using ScimOrleans.Testing;

namespace ScimOrleans.Storage.Tests.Postgres;

/// <summary>
/// A fresh schema on a PostgreSQL server (the process's shared one unless given another), made
/// on first use: as isolated as a database for the store's unqualified tables, and far cheaper.
/// </summary>
public sealed class PostgresTestDatabase(PostgresServer? server = null) : StoreDatabase
{
    private readonly SemaphoreSlim _creating = new(1, 1);
    private string? _connectionString;

    public async Task<string> ConnectionStringAsync()
    {
        if (_connectionString is not null)
        {
            return _connectionString;
        }

        await _creating.WaitAsync();
        try
        {
            return _connectionString ??= await (server ?? await PostgresServer.SharedAsync()).CreateSchemaAsync();
        }
        finally
        {
            _creating.Release();
        }
    }

    public override async Task<ISqlResourceStore> OpenStoreAsync(bool durable = true) => await OpenAsync();

    /// <summary>A new store (think: another silo) on this schema, initialized.</summary>
    public async Task<PostgresResourceStore> OpenAsync(Action<PostgresStoreOptions>? configure = null)
    {
        var options = new PostgresStoreOptions { ConnectionString = await ConnectionStringAsync(), TimeProvider = Time };
        configure?.Invoke(options);
        var store = new PostgresResourceStore(options);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Runs <paramref name="sql"/> on its own connection and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public override async Task<(string? DocVersion, string? DocLastModified, string LastModified)> ReadMetaCopyAsync(string id)
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT doc #>> '{meta,version}', doc #>> '{meta,lastModified}', last_modified FROM resources WHERE id = @id", connection);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
    }

    public override void Dispose()
    {
        _creating.Dispose();
        base.Dispose();
    }
}
