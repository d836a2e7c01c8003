using Microsoft.Data.Sqlite;
using ScimOrleans.Storage.Sqlite;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public sealed class StoreSettingsTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_database_is_in_WAL_mode_with_its_schema_recorded_once()
    {
        await using (var store = await _database.OpenAsync())
        {
            await store.CreateAsync(User("t", NewId(), "someone"));
        }

        await using (var again = await _database.OpenAsync())
        {
            await again.InitializeAsync();
        }

        using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        // One row per migration script (001 initial, 002 kinds and activity), each applied once.
        command.CommandText = "SELECT COUNT(*) FROM resource_store_schema";
        Assert.Equal(2L, command.ExecuteScalar());
        command.CommandText = "SELECT COUNT(*) FROM resources";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task A_write_cancelled_before_it_is_queued_does_not_happen()
    {
        await using var store = await _database.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var id = NewId();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CreateAsync(User("t", id, "late"), cancelled.Token));

        Assert.Null(await store.GetAsync("t", "User", id));
    }

    [Fact]
    public async Task Writes_after_disposal_are_refused()
    {
        var store = await _database.OpenAsync();
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync(User("t", NewId(), "after")));
    }

    [Fact]
    public async Task The_store_initializes_itself_on_first_use()
    {
        await using var store = new SqliteResourceStore(new SqliteStoreOptions { DatabasePath = _database.Path }, _database.Time);
        var created = await store.CreateAsync(User("t", NewId(), "lazy"));
        Assert.Equal(1, created.Version);
    }
}
