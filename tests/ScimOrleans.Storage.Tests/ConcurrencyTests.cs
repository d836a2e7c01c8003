using System.Collections.Concurrent;
using System.Diagnostics;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Storage.Sqlite;
using Xunit.Abstractions;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public abstract class ConcurrencyTestsBase(StoreDatabase database, ITestOutputHelper output) : IDisposable
{
    protected const string Tenant = "acme";
    private readonly StoreDatabase _database = database;

    protected ITestOutputHelper Output => output;

    public void Dispose()
    {
        _database.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Fifty_concurrent_creates_of_one_userName_give_one_success_and_49_uniqueness_errors()
    {
        await using var store = await _database.OpenStoreAsync();
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            // Differently cased on purpose: the clash is case-insensitive.
            return await store.CreateAsync(User(Tenant, NewId(), i % 2 == 0 ? "Same.User@example.com" : "same.user@EXAMPLE.com"));
        })).ToList();
        start.Set();

        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return "ok";
            }
            catch (ScimException e) when (e.ScimType == ScimErrorTypes.Uniqueness && e.Status == 409)
            {
                return "uniqueness";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(49, outcomes.Count(o => o == "uniqueness"));
        var found = await store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource, new ResourceQuery(F.Eq("userName", "same.user@example.com"), null, false, 1, 10));
        Assert.Equal(1, found.TotalResults);
    }

    [Fact]
    public async Task Two_hundred_concurrent_creates_are_all_durable_after_reopening_and_batched()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => NewId()).ToList();
        var batches = new ConcurrentBag<WriteBatchCommitted>();
        var store = await _database.OpenStoreAsync();
        store.BatchCommitted += batches.Add;

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select((id, i) => Task.Run(() => store.CreateAsync(User(Tenant, id, $"user{i}@example.com",
            d => d["emails"] = new System.Text.Json.Nodes.JsonArray(Email($"user{i}@example.com", "work")))))));
        watch.Stop();
        Output.WriteLine($"200 concurrent creates (synchronous=FULL): {watch.ElapsedMilliseconds} ms, " +
                         $"{batches.Count} commits, largest batch {batches.Max(b => b.Writes)}");
        await store.DisposeAsync();

        Assert.Equal(200, batches.Sum(b => b.Writes));
        Assert.True(batches.Max(b => b.Writes) > 1, "Concurrent writes should share commits.");
        Assert.True(batches.Count < 200);

        await using var reopened = await _database.OpenStoreAsync();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var user = await reopened.GetAsync(Tenant, "User", id);
            Assert.NotNull(user);
            Assert.Equal($"user{i}@example.com", (string?)user.Document["userName"]);
        }

        var all = await reopened.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 0));
        Assert.Equal(200, all.TotalResults);
    }

    [Fact]
    public async Task A_failing_write_in_a_batch_fails_alone()
    {
        await using var store = await _database.OpenStoreAsync();
        await store.CreateAsync(User(Tenant, NewId(), "taken"));
        var batches = new ConcurrentBag<WriteBatchCommitted>();
        store.BatchCommitted += batches.Add;

        var writes = Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => store.CreateAsync(User(Tenant, NewId(), i % 4 == 0 ? "taken" : $"fresh{i}"))))
            .ToList();
        var results = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return true;
            }
            catch (ScimException)
            {
                return false;
            }
        }));

        Assert.Equal(30, results.Count(r => r));
        var count = await store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 0));
        Assert.Equal(31, count.TotalResults);
        Assert.Equal(10, batches.Sum(b => b.Failed));
    }

    [Fact]
    public async Task A_write_failing_after_it_changed_rows_leaves_nothing_and_the_rest_of_its_batch_lands()
    {
        await using var store = await _database.OpenStoreAsync();
        var ids = Enumerable.Range(0, 40).Select(_ => NewId()).ToList();
        const int broken = 20;
        // The activity entry is inserted after the row and its values: an entry without an
        // operation fails its NOT NULL column only once the write has changed rows.
        var entry = new ActivityEntry(Tenant, DateTimeOffset.UtcNow, null, null, null!, ResourceTypeNames.User, ids[broken], 201, null, null, null);
        using var start = new ManualResetEventSlim();
        var writes = ids.Select((id, i) => Task.Run(async () =>
        {
            start.Wait();
            var write = User(Tenant, id, $"user{i}", d => d["emails"] = new System.Text.Json.Nodes.JsonArray(Email($"user{i}@example.com", "work")));
            await store.CreateAsync(i == broken ? write with { Activity = [entry] } : write);
        })).ToList();
        start.Set();

        await Assert.ThrowsAnyAsync<Exception>(() => writes[broken]);
        await Task.WhenAll(writes.Where((_, i) => i != broken));

        Assert.Null(await store.GetAsync(Tenant, ResourceTypeNames.User, ids[broken]));
        var byEmail = await store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource,
            new ResourceQuery(F.Eq("emails.value", $"user{broken}@example.com"), null, false, 1, 10));
        Assert.Equal(0, byEmail.TotalResults);
        var all = await store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 0));
        Assert.Equal(39, all.TotalResults);
        foreach (var (id, i) in ids.Select((id, i) => (id, i)).Where(x => x.i != broken))
        {
            Assert.Equal($"user{i}", (string?)(await store.GetAsync(Tenant, ResourceTypeNames.User, id))!.Document["userName"]);
        }
    }

    [Fact]
    public async Task Disposing_commits_what_was_already_queued()
    {
        var store = await _database.OpenStoreAsync();
        var ids = Enumerable.Range(0, 50).Select(_ => NewId()).ToList();
        var writes = ids.Select((id, i) => store.CreateAsync(User(Tenant, id, $"queued{i}"))).ToList();
        await store.DisposeAsync();
        await Task.WhenAll(writes);

        await using var reopened = await _database.OpenStoreAsync();
        var all = await reopened.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 0));
        Assert.Equal(50, all.TotalResults);
    }
}

/// <summary>The tests above on the embedded SQLite store, and its throughput in both synchronous modes.</summary>
public sealed class ConcurrencyTests : ConcurrencyTestsBase
{
    private readonly TestDatabase _database;

    public ConcurrencyTests(ITestOutputHelper output)
        : this(new TestDatabase(), output)
    {
    }

    private ConcurrencyTests(TestDatabase database, ITestOutputHelper output)
        : base(database, output)
    {
        _database = database;
    }

    [Theory]
    [InlineData(SqliteSynchronousMode.Full)]
    [InlineData(SqliteSynchronousMode.Normal)]
    public async Task Measure_create_throughput(SqliteSynchronousMode mode)
    {
        await using var store = await _database.OpenAsync(mode);
        var batches = new ConcurrentBag<WriteBatchCommitted>();
        store.BatchCommitted += batches.Add;

        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            await store.CreateAsync(User(Tenant, NewId(), $"seq{i}"));
        }

        sequential.Stop();
        batches.Clear();
        var concurrent = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => store.CreateAsync(User(Tenant, NewId(), $"par{i}")))));
        concurrent.Stop();
        Output.WriteLine($"{mode}: one at a time {200 / sequential.Elapsed.TotalSeconds:F0} creates/s; " +
                         $"2000 concurrent {2000 / concurrent.Elapsed.TotalSeconds:F0} creates/s in {batches.Count} commits " +
                         $"(mean batch {batches.Average(b => b.Writes):F1})");
    }
}
