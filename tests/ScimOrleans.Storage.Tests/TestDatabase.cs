using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Storage.Tests;

/// <summary>A database file in its own temporary directory, deleted with it.</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scim-store-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "resources.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public async Task<SqliteResourceStore> OpenAsync(SqliteSynchronousMode synchronous = SqliteSynchronousMode.Full)
    {
        var store = new SqliteResourceStore(new SqliteStoreOptions { DatabasePath = Path, Synchronous = synchronous }, Time);
        await store.InitializeAsync();
        return store;
    }

    public void Dispose()
    {
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
