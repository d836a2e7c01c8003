using System.Collections.Concurrent;
using System.Diagnostics;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage.Postgres;
using Xunit.Abstractions;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests.Postgres;

/// <summary>
/// What only PostgreSQL has: several stores (silos) on one database at once. Uniqueness, version
/// checks and schema migration must hold across them, not just inside one process.
/// </summary>
public sealed class PostgresClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private readonly PostgresTestDatabase _database = new();
    private readonly List<PostgresResourceStore> _stores = [];

    public async Task InitializeAsync()
    {
        // Five "silos" starting together: the advisory lock lets one apply the schema.
        _stores.AddRange(await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _database.OpenAsync())));
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _database.Dispose();
    }

    [Fact]
    public async Task Stores_starting_together_apply_each_migration_once()
    {
        var applied = Convert.ToInt32(await _database.ScalarAsync("SELECT COUNT(*) FROM resource_store_schema"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(PostgresSchemaMigratorScripts.Count, applied);
        await using var again = await _database.OpenAsync();
        Assert.Equal(applied, Convert.ToInt32(await _database.ScalarAsync("SELECT COUNT(*) FROM resource_store_schema"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Fifty_concurrent_creates_of_one_userName_across_five_stores_give_exactly_one_success()
    {
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await _stores[i % _stores.Count].CreateAsync(User(Tenant, NewId(), i % 2 == 0 ? "Same.User@example.com" : "same.user@EXAMPLE.com"));
            return "ok";
        })).ToList();
        start.Set();

        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (ScimException e) when (e.ScimType == ScimErrorTypes.Uniqueness && e.Status == 409)
            {
                Assert.Contains("userName", e.Detail);
                return "uniqueness";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(49, outcomes.Count(o => o == "uniqueness"));
        var found = await _stores[3].QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(F.Eq("userName", "SAME.user@example.com"), null, false, 1, 10));
        Assert.Equal(1, found.TotalResults);
    }

    [Fact]
    public async Task Concurrent_replaces_of_one_version_through_different_stores_let_exactly_one_win()
    {
        var id = NewId();
        await _stores[0].CreateAsync(User(Tenant, id, "contested"));

        var results = await Task.WhenAll(_stores.Select((store, i) =>
            Task.Run(() => store.ReplaceAsync(User(Tenant, id, "contested", d => d["title"] = $"writer {i}"), expectedVersion: 1))));

        Assert.Single(results, r => r is not null);
        var read = await _stores[4].GetAsync(Tenant, "User", id);
        Assert.Equal(2, read!.Version);
        Assert.Equal((string?)results.Single(r => r is not null)!.Document["title"], (string?)read.Document["title"]);
    }

    [Fact]
    public async Task A_member_deleted_through_one_store_leaves_the_group_consistent_in_another()
    {
        var alice = NewId();
        var bob = NewId();
        var group = NewId();
        await _stores[0].CreateAsync(User(Tenant, alice, "alice"));
        await _stores[0].CreateAsync(User(Tenant, bob, "bob"));
        await _stores[1].CreateAsync(Group(Tenant, group, "G", alice, bob));

        Assert.True(await _stores[2].DeleteAsync(Tenant, "User", alice, 1));

        var read = await _stores[3].GetAsync(Tenant, "Group", group);
        Assert.Equal(2, read!.Version);
        Assert.Null(await _stores[1].ReplaceAsync(Group(Tenant, group, "G", alice, bob), 1));
        var error = await Assert.ThrowsAsync<ScimException>(() => _stores[1].ReplaceAsync(Group(Tenant, group, "G", alice, bob), 2));
        Assert.Equal(ScimErrorTypes.InvalidValue, error.ScimType);
    }

    [Fact]
    public async Task Mixed_concurrent_writes_through_all_stores_neither_deadlock_nor_lose_anything()
    {
        // Groups and their members written from every store at once: batches lock rows in
        // different orders, so PostgreSQL may pick deadlock victims; they are retried, not failed.
        var users = Enumerable.Range(0, 40).Select(_ => NewId()).ToList();
        await Task.WhenAll(users.Select((id, i) => _stores[i % 5].CreateAsync(User(Tenant, id, $"member{i}"))));
        var groups = Enumerable.Range(0, 10).Select(_ => NewId()).ToList();
        await Task.WhenAll(groups.Select((id, i) => _stores[i % 5].CreateAsync(Group(Tenant, id, $"group{i}", [.. users.Skip(i).Take(20)]))));

        var watch = Stopwatch.StartNew();
        var writes = new List<Task>();
        for (var round = 0; round < 5; round++)
        {
            var r = round;
            writes.AddRange(groups.Select((id, i) => Task.Run(async () =>
            {
                var store = _stores[(i + r) % 5];
                for (var attempt = 0; ; attempt++)
                {
                    var current = await store.GetAsync(Tenant, "Group", id);
                    var members = users.Skip((i + r) % 20).Take(25).Reverse().ToArray();
                    if (await store.ReplaceAsync(Group(Tenant, id, $"group{i}", members), current!.Version) is not null)
                    {
                        return;
                    }
                }
            })));
        }

        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"50 contested group replaces through 5 stores: {watch.ElapsedMilliseconds} ms");
        foreach (var (id, i) in groups.Select((id, i) => (id, i)))
        {
            Assert.Equal(6, (await _stores[0].GetAsync(Tenant, "Group", id))!.Version);
        }
    }
}

/// <summary>How many migration scripts the store ships.</summary>
internal static class PostgresSchemaMigratorScripts
{
    public static int Count => typeof(PostgresResourceStore).Assembly.GetManifestResourceNames()
        .Count(n => n.Contains(".Sql.Postgres.resources-", StringComparison.Ordinal));
}

/// <summary>Write throughput of one store on PostgreSQL with fsync and synchronous commit on (printed, not asserted).</summary>
public sealed class PostgresThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly PostgresTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Measure_create_throughput()
    {
        await using var store = await _database.OpenAsync();
        var batches = new ConcurrentBag<WriteBatchCommitted>();
        store.BatchCommitted += batches.Add;

        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            await store.CreateAsync(User("acme", NewId(), $"seq{i}"));
        }

        sequential.Stop();
        batches.Clear();
        var concurrent = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => store.CreateAsync(User("acme", NewId(), $"par{i}",
            d => d["emails"] = new System.Text.Json.Nodes.JsonArray(Email($"par{i}@example.com", "work")))))));
        concurrent.Stop();
        output.WriteLine($"PostgreSQL: one at a time {100 / sequential.Elapsed.TotalSeconds:F0} creates/s; " +
                         $"2000 concurrent {2000 / concurrent.Elapsed.TotalSeconds:F0} creates/s in {batches.Count} commits " +
                         $"(mean batch {batches.Average(b => b.Writes):F1}, largest {batches.Max(b => b.Writes)})");
        Assert.Equal(2000, batches.Sum(b => b.Writes));
        Assert.True(batches.Max(b => b.Writes) > 1, "Concurrent writes should share commits.");
    }
}
