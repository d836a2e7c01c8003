using Microsoft.Data.Sqlite;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Storage.Tests;

/// <summary>
/// One empty store database for a test class, of either engine: tests written against this run
/// on SQLite (<see cref="TestDatabase"/>) and PostgreSQL (<c>PostgresTestDatabase</c>) alike.
/// </summary>
public abstract class StoreDatabase : IDisposable
{
    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>
    /// Opens (and initializes) a store on this database; another call opens another store on the
    /// same data, as a restart or a second silo would. <paramref name="durable"/> false allows a
    /// cheaper commit where the engine has one (SQLite synchronous=NORMAL).
    /// </summary>
    public abstract Task<ISqlResourceStore> OpenStoreAsync(bool durable = true);

    /// <summary>meta.version and meta.lastModified inside the stored document, and the last_modified column, read behind the store's back.</summary>
    public abstract Task<(string? DocVersion, string? DocLastModified, string LastModified)> ReadMetaCopyAsync(string id);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}

/// <summary>A SQLite database file in its own temporary directory, deleted with it.</summary>
public sealed class TestDatabase : StoreDatabase
{
    public TestDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scim-store-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "resources.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public override async Task<ISqlResourceStore> OpenStoreAsync(bool durable = true) =>
        await OpenAsync(durable ? SqliteSynchronousMode.Full : SqliteSynchronousMode.Normal);

    public override Task<(string? DocVersion, string? DocLastModified, string LastModified)> ReadMetaCopyAsync(string id)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(doc, '$.meta.version'), json_extract(doc, '$.meta.lastModified'), last_modified FROM resources WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return Task.FromResult<(string?, string?, string)>((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
    }

    public async Task<SqliteResourceStore> OpenAsync(SqliteSynchronousMode synchronous = SqliteSynchronousMode.Full)
    {
        var store = new SqliteResourceStore(new SqliteStoreOptions { DatabasePath = Path, Synchronous = synchronous }, Time);
        await store.InitializeAsync();
        return store;
    }

    public override void Dispose()
    {
        base.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }
    }
}

/// <summary>One store per test class, on a fresh file.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public SqliteResourceStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await Database.OpenAsync(SqliteSynchronousMode.Normal);

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Database.Dispose();
    }
}
