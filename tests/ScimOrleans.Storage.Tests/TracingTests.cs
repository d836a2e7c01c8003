using System.Collections.Concurrent;
using System.Diagnostics;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

/// <summary>Each store call is one client span on the store's activity source, tagged with the engine and tenant.</summary>
public abstract class TracingTestsBase(StoreDatabase database, string engine) : IAsyncLifetime, IDisposable
{
    // Test classes run in parallel and emit on the same source: each instance reads only its own tenant.
    private readonly string _tenant = "trace-" + Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener = new();
    private ISqlResourceStore _store = null!;

    public async Task InitializeAsync()
    {
        _listener.ShouldListenTo = source => source.Name == StoreTracing.SourceName;
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _listener.ActivityStopped = activity => _spans.Enqueue(activity);
        ActivitySource.AddActivityListener(_listener);
        _store = await database.OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        database.Dispose();
    }

    public void Dispose()
    {
        _listener.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Every_store_call_leaves_one_span_tagged_with_engine_and_tenant()
    {
        var id = NewId();
        await _store.CreateAsync(User(_tenant, id, "traced"));
        await _store.GetAsync(_tenant, ResourceTypeNames.User, id);
        await _store.ReplaceAsync(User(_tenant, id, "traced-again"), 1);
        await _store.QueryAsync(_tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 10));
        await _store.DeleteAsync(_tenant, ResourceTypeNames.User, id, 2);

        var mine = _spans.Where(s => (string?)s.GetTagItem("scim.tenant") == _tenant).ToList();
        Assert.Equal(["store create", "store get", "store replace", "store query", "store delete"], mine.Select(s => s.DisplayName));
        Assert.All(mine, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(engine, span.GetTagItem("db.system.name"));
        });
    }
}

public sealed class TracingTests() : TracingTestsBase(new TestDatabase(), "sqlite");
