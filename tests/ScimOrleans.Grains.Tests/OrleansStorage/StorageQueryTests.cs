using ScimOrleans.Storage.Orleans;
using static ScimOrleans.Grains.Tests.OrleansStorage.OrleansStorageSql;

namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>
/// The stored storage keys run directly, as the provider runs them, for the version and conflict
/// rules a single silo cannot easily provoke. A conflict must come back as "no new version", never
/// as a database error.
/// </summary>
public sealed class StorageQueryTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private SqliteDbDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await SqliteOrleansDatabase.ApplySchemaAsync(_database.Path);
        _dataSource = SqliteOrleansDatabase.CreateDataSource(_database.Path);
    }

    public Task DisposeAsync()
    {
        _dataSource.Dispose();
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task First_write_inserts_version_1_and_each_update_bumps_it()
    {
        var id = NewIdentity();

        Assert.Equal(1, NewVersion(await WriteAsync(_dataSource, id, null, [1])));
        Assert.Equal(2, NewVersion(await WriteAsync(_dataSource, id, 1, [2])));
        Assert.Equal(3, NewVersion(await WriteAsync(_dataSource, id, 2, [3])));

        var row = Assert.Single(await ReadAsync(_dataSource, id));
        Assert.Equal(new byte[] { 3 }, row["PayloadBinary"]);
        Assert.Equal(3L, row["Version"]);
    }

    [Fact]
    public async Task Read_of_a_missing_row_returns_no_row()
    {
        Assert.Empty(await ReadAsync(_dataSource, NewIdentity()));
    }

    [Fact]
    public async Task Insert_without_version_conflicts_when_the_row_exists()
    {
        var id = NewIdentity();
        await WriteAsync(_dataSource, id, null, [1]);

        Assert.Null(NewVersion(await WriteAsync(_dataSource, id, null, [2])));
        Assert.Equal(new byte[] { 1 }, Assert.Single(await ReadAsync(_dataSource, id))["PayloadBinary"]);
    }

    [Fact]
    public async Task Update_with_a_stale_version_conflicts_and_changes_nothing()
    {
        var id = NewIdentity();
        await WriteAsync(_dataSource, id, null, [1]);
        await WriteAsync(_dataSource, id, 1, [2]);

        Assert.Null(NewVersion(await WriteAsync(_dataSource, id, 1, [3])));
        var row = Assert.Single(await ReadAsync(_dataSource, id));
        Assert.Equal(new byte[] { 2 }, row["PayloadBinary"]);
        Assert.Equal(2L, row["Version"]);
    }

    [Fact]
    public async Task Update_of_a_missing_row_conflicts_and_inserts_nothing()
    {
        var id = NewIdentity();

        Assert.Null(NewVersion(await WriteAsync(_dataSource, id, 5, [1])));
        Assert.Empty(await ReadAsync(_dataSource, id));
    }

    [Fact]
    public async Task Clear_nulls_the_payload_only_on_a_version_match()
    {
        var id = NewIdentity();
        await WriteAsync(_dataSource, id, null, [1]);

        Assert.Null(NewVersion(await ClearAsync(_dataSource, id, 7)));
        Assert.Null(NewVersion(await ClearAsync(_dataSource, id, null)));
        Assert.Equal(2, NewVersion(await ClearAsync(_dataSource, id, 1)));

        var row = Assert.Single(await ReadAsync(_dataSource, id));
        Assert.Null(row["PayloadBinary"]);
        Assert.Equal(2L, row["Version"]);
        // A cleared row is written again through the version it kept.
        Assert.Null(NewVersion(await WriteAsync(_dataSource, id, null, [4])));
        Assert.Equal(3, NewVersion(await WriteAsync(_dataSource, id, 2, [4])));
    }

    [Fact]
    public async Task Delete_removes_the_row_only_on_a_version_match()
    {
        var id = NewIdentity();
        await WriteAsync(_dataSource, id, null, [1]);

        Assert.Null(NewVersion(await DeleteAsync(_dataSource, id, 3)));
        Assert.Single(await ReadAsync(_dataSource, id));
        Assert.Equal(2, NewVersion(await DeleteAsync(_dataSource, id, 1)));
        Assert.Empty(await ReadAsync(_dataSource, id));
        Assert.Null(NewVersion(await ClearAsync(_dataSource, id, 1)));
        Assert.Equal(1, NewVersion(await WriteAsync(_dataSource, id, null, [2])));
    }

    [Fact]
    public async Task Null_extension_and_empty_extension_are_different_rows()
    {
        var withNull = NewIdentity() with { Extension = null };
        var withEmpty = withNull with { Extension = "" };

        Assert.Equal(1, NewVersion(await WriteAsync(_dataSource, withNull, null, [1])));
        Assert.Equal(1, NewVersion(await WriteAsync(_dataSource, withEmpty, null, [2])));
        Assert.Null(NewVersion(await WriteAsync(_dataSource, withNull, null, [3])));

        Assert.Equal(new byte[] { 1 }, Assert.Single(await ReadAsync(_dataSource, withNull))["PayloadBinary"]);
        Assert.Equal(new byte[] { 2 }, Assert.Single(await ReadAsync(_dataSource, withEmpty))["PayloadBinary"]);
    }

    [Fact]
    public async Task Every_identity_part_separates_rows()
    {
        var id = NewIdentity();
        await WriteAsync(_dataSource, id, null, [1]);

        Assert.Empty(await ReadAsync(_dataSource, id with { ServiceId = "other" }));
        Assert.Empty(await ReadAsync(_dataSource, id with { StateName = "other" }));
        Assert.Empty(await ReadAsync(_dataSource, id with { N0 = 1 }));
        Assert.Empty(await ReadAsync(_dataSource, id with { N1 = 1 }));
        Assert.Empty(await ReadAsync(_dataSource, id with { Extension = id.Extension + "x" }));
        Assert.Empty(await ReadAsync(_dataSource, id with { GrainIdHash = id.GrainIdHash + 1 }));
    }

    [Fact]
    public async Task Concurrent_first_writes_let_exactly_one_win()
    {
        var id = NewIdentity();
        // Ungated, so the race is decided by SQLite's locking, as between two silos.
        using var ungated = SqliteOrleansDatabase.CreateDataSource(_database.Path, serializeConnections: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => NewVersion(await WriteAsync(ungated, id, null, [(byte)i])))));

        Assert.Equal(1, results.Count(v => v == 1));
        Assert.Equal(7, results.Count(v => v is null));
    }

    [Fact]
    public async Task Concurrent_updates_from_one_version_let_exactly_one_win()
    {
        var id = NewIdentity();
        await WriteAsync(_dataSource, id, null, [0]);
        using var ungated = SqliteOrleansDatabase.CreateDataSource(_database.Path, serializeConnections: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => NewVersion(await WriteAsync(ungated, id, 1, [(byte)i])))));

        Assert.Equal(1, results.Count(v => v == 2));
        Assert.Equal(7, results.Count(v => v is null));
    }

    private static StorageRowIdentity NewIdentity() => StorageRowIdentity.ForStringKey(Guid.NewGuid().ToString("N"));
}
