using ScimOrleans.Storage.Postgres;
using ScimOrleans.Testing;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests.Postgres;

/// <summary>A PostgreSQL server of this test class's own, so it can be stopped and crashed.</summary>
public sealed class PrivatePostgresServer : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.LaunchAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The database going away: an acknowledged write survives a crash of the server, a store whose
/// database is down fails fast with <see cref="StoreUnavailableException"/> (a host answers 503),
/// and works again by itself once the database is back.
/// </summary>
public sealed class PostgresOutageTests(PrivatePostgresServer fixture) : IClassFixture<PrivatePostgresServer>
{
    private const string Tenant = "acme";

    [Fact]
    public async Task Acknowledged_writes_survive_a_crash_of_the_server()
    {
        using var database = new PostgresTestDatabase(fixture.Server);
        var ids = Enumerable.Range(0, 300).Select(_ => NewId()).ToList();
        await using (var store = await database.OpenAsync())
        {
            await Task.WhenAll(ids.Select((id, i) => Task.Run(() => store.CreateAsync(User(Tenant, id, $"durable{i}")))));
            // No checkpoint, no clean shutdown: only what reached the WAL on disk survives.
            await fixture.Server.StopAsync(immediate: true);
        }

        await fixture.Server.StartAsync();
        await using var reopened = await database.OpenAsync();
        var all = await reopened.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 0));
        Assert.Equal(300, all.TotalResults);
        Assert.NotNull(await reopened.GetAsync(Tenant, "User", ids[^1]));
    }

    [Fact]
    public async Task A_stopped_database_makes_reads_and_writes_fail_as_unavailable_until_it_returns()
    {
        using var database = new PostgresTestDatabase(fixture.Server);
        await using var store = await database.OpenAsync();
        var id = NewId();
        await store.CreateAsync(User(Tenant, id, "before"));

        await fixture.Server.StopAsync();
        try
        {
            var write = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync(User(Tenant, NewId(), "during")))
                .WaitAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(write.InnerException);
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync(Tenant, "User", id)).WaitAsync(TimeSpan.FromSeconds(20));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource,
                new ResourceQuery(null, null, false, 1, 10))).WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        // Pooled connections to the old server are dead; the store recovers within a few attempts.
        StoredResource? created = null;
        for (var attempt = 0; created is null && attempt < 50; attempt++)
        {
            try
            {
                created = await store.CreateAsync(User(Tenant, NewId(), "after"));
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(created);
        Assert.NotNull(await store.GetAsync(Tenant, "User", id));
    }

    [Fact]
    public async Task A_store_that_cannot_reach_its_database_at_start_reports_it_as_unavailable()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2" };
        await using var store = new PostgresResourceStore(options);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.InitializeAsync());
    }
}

/// <summary>Lifecycle of one store: lazy initialization, cancellation before queueing, disposal.</summary>
public sealed class PostgresStoreSettingsTests : IDisposable
{
    private readonly PostgresTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_store_initializes_itself_on_first_use()
    {
        await using var store = new PostgresResourceStore(new PostgresStoreOptions
        {
            ConnectionString = await _database.ConnectionStringAsync(),
            TimeProvider = _database.Time,
        });
        var created = await store.CreateAsync(User("t", NewId(), "lazy"));
        Assert.Equal(1, created.Version);
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
    public async Task A_caller_owned_data_source_is_used_and_left_open()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(await _database.ConnectionStringAsync());
        await using (var store = new PostgresResourceStore(new PostgresStoreOptions { DataSource = dataSource, WriterCount = 1 }))
        {
            await store.CreateAsync(User("t", NewId(), "owned"));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.True(connection.State == System.Data.ConnectionState.Open);
    }

    [Fact]
    public async Task Text_the_database_cannot_hold_is_invalidValue()
    {
        await using var store = await _database.OpenAsync();
        var error = await Assert.ThrowsAsync<Scim.Errors.ScimException>(() => store.CreateAsync(User("t", NewId(), "nul\0byte")));
        Assert.Equal(Scim.Errors.ScimErrorTypes.InvalidValue, error.ScimType);
    }
}
