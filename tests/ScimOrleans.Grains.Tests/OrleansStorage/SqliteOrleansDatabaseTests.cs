using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>Schema application and the connection settings of <see cref="SqliteDbDataSource"/>.</summary>
public sealed class SqliteOrleansDatabaseTests : IDisposable
{
    private static readonly string[] StorageKeys =
        ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Applying_the_schema_again_is_harmless()
    {
        await SqliteOrleansDatabase.ApplySchemaAsync(_database.Path);
        using var dataSource = SqliteOrleansDatabase.CreateDataSource(_database.Path);
        var id = StorageRowIdentity.ForStringKey("kept");
        await OrleansStorageSql.WriteAsync(dataSource, id, null, [1]);

        await SqliteOrleansDatabase.ApplySchemaAsync(_database.Path);
        await SqliteOrleansDatabase.ApplySchemaAsync(_database.Path);

        Assert.Equal(StorageKeys, await QueryKeys(dataSource));
        Assert.Equal(1L, await OrleansStorageSql.ScalarAsync(dataSource, "SELECT COUNT(*) FROM OrleansSchemaHistory"));
        Assert.Single(await OrleansStorageSql.ReadAsync(dataSource, id));
    }

    [Fact]
    public async Task A_changed_script_is_applied_again_without_duplicating_queries()
    {
        await SqliteOrleansDatabase.ApplySchemaAsync(_database.Path);
        using var dataSource = SqliteOrleansDatabase.CreateDataSource(_database.Path);
        var applied = await OrleansStorageSql.ScalarAsync(dataSource, "SELECT Sha256 FROM OrleansSchemaHistory");
        // Pretend the database was set up by an older version of the script.
        await OrleansStorageSql.ScalarAsync(dataSource,
            "UPDATE OrleansSchemaHistory SET Sha256 = 'old'; UPDATE OrleansQuery SET QueryText = 'SELECT 1;'");

        await SqliteOrleansDatabase.ApplySchemaAsync(_database.Path);

        Assert.Equal(StorageKeys, await QueryKeys(dataSource));
        Assert.Equal(applied, await OrleansStorageSql.ScalarAsync(dataSource, "SELECT Sha256 FROM OrleansSchemaHistory"));
        Assert.StartsWith("INSERT INTO OrleansStorage", await OrleansStorageSql.QueryTextAsync(dataSource, "WriteToStorageKey"));
    }

    [Fact]
    public async Task Concurrent_schema_application_does_not_fail()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteOrleansDatabase.ApplySchemaAsync(_database.Path))));

        using var dataSource = SqliteOrleansDatabase.CreateDataSource(_database.Path);
        Assert.Equal(StorageKeys, await QueryKeys(dataSource));
    }

    [Fact]
    public async Task Data_source_connections_get_wal_busy_timeout_and_full_sync()
    {
        using var dataSource = SqliteOrleansDatabase.CreateDataSource(_database.Path, TimeSpan.FromSeconds(3));

        Assert.Equal("wal", await OrleansStorageSql.ScalarAsync(dataSource, "PRAGMA journal_mode"));
        Assert.Equal(3000L, await OrleansStorageSql.ScalarAsync(dataSource, "PRAGMA busy_timeout"));
        Assert.Equal(2L, await OrleansStorageSql.ScalarAsync(dataSource, "PRAGMA synchronous")); // 2 = FULL
    }

    [Fact]
    public async Task Gated_connections_open_one_at_a_time_in_order()
    {
        using var dataSource = SqliteOrleansDatabase.CreateDataSource(_database.Path);
        var first = await dataSource.OpenConnectionAsync();
        var second = dataSource.OpenConnectionAsync().AsTask();
        var third = dataSource.OpenConnectionAsync().AsTask();

        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using (var secondConnection = await second.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.False(third.IsCompleted);
        }

        await using var thirdConnection = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(System.Data.ConnectionState.Open, thirdConnection.State);
    }

    private static async Task<string[]> QueryKeys(SqliteDbDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey";
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys];
    }
}
