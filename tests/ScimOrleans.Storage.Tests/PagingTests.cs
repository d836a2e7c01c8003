using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.F;

namespace ScimOrleans.Storage.Tests;

public abstract class PagingTestsBase(StoreDatabase database) : IAsyncLifetime
{
    private const string Tenant = "big";
    private readonly StoreDatabase _database = database;
    private ISqlResourceStore _store = null!;
    private readonly List<string> _ids = [];

    public async Task InitializeAsync()
    {
        _store = await _database.OpenStoreAsync(durable: false);
        // Concurrent creates: lands in few batches, and many users share a title (ties).
        var writes = Enumerable.Range(0, 250).Select(i =>
        {
            var id = Resources.NewId();
            _ids.Add(id);
            return Resources.User(Tenant, id, $"user{i:D3}", d =>
            {
                if (i % 5 != 0)
                {
                    d["title"] = $"title{i % 7}";
                }
            });
        }).ToList();
        await Task.WhenAll(writes.Select(w => _store.CreateAsync(w)));
        await _store.CreateAsync(Resources.User("small", Resources.NewId(), "user000"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Theory]
    [InlineData(null, false, 10)]
    [InlineData(null, false, 33)]
    [InlineData("title", false, 17)]
    [InlineData("title", true, 50)]
    [InlineData("userName", true, 100)]
    public async Task Pages_cover_every_resource_once_in_a_stable_order(string? sortBy, bool descending, int pageSize)
    {
        var seen = new List<string>();
        for (var start = 1; ; start += pageSize)
        {
            var page = await _store.QueryAsync(Tenant, ScimSchemas.UserResource,
                new ResourceQuery(null, sortBy is null ? null : Path(sortBy), descending, start, pageSize));
            Assert.Equal(250, page.TotalResults);
            if (page.Resources.Count == 0)
            {
                break;
            }

            Assert.True(page.Resources.Count <= pageSize);
            seen.AddRange(page.Resources.Select(r => r.Id));
        }

        Assert.Equal(250, seen.Count);
        Assert.Equal(_ids.Order(), seen.Order());
        if (sortBy is null)
        {
            Assert.Equal(_ids.Order(StringComparer.Ordinal), seen);
        }
    }

    [Theory]
    [InlineData(1, 300, 250)] // one short page
    [InlineData(241, 20, 10)] // the short last page
    [InlineData(241, 10, 10)] // a full last page, ending exactly at the end
    [InlineData(250, 1, 1)]
    [InlineData(1, 250, 250)]
    public async Task The_total_is_the_same_whether_a_page_is_short_full_or_the_last(int startIndex, int count, int rows)
    {
        var page = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, startIndex, count));

        Assert.Equal(250, page.TotalResults);
        Assert.Equal(rows, page.Resources.Count);
    }

    [Fact]
    public async Task A_filter_on_a_unique_value_totals_one_or_none()
    {
        var one = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(Eq("userName", "USER007"), null, false, 1, 100));
        Assert.Equal(1, one.TotalResults);
        Assert.Equal("user007", Assert.Single(one.Resources).Document["userName"]!.GetValue<string>());

        var none = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(Eq("userName", "nobody"), null, false, 1, 100));
        Assert.Equal(0, none.TotalResults);
        Assert.Empty(none.Resources);

        var pastOne = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(Eq("userName", "user007"), null, false, 2, 100));
        Assert.Equal(1, pastOne.TotalResults);
        Assert.Empty(pastOne.Resources);
    }

    [Fact]
    public async Task Count_zero_returns_only_the_total_and_a_start_past_the_end_returns_nothing()
    {
        var onlyTotal = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(Pr("title"), null, false, 1, 0));
        Assert.Equal(200, onlyTotal.TotalResults);
        Assert.Empty(onlyTotal.Resources);

        var past = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 251, 10));
        Assert.Equal(250, past.TotalResults);
        Assert.Empty(past.Resources);

        var last = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 245, 10));
        Assert.Equal(6, last.Resources.Count);
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class PagingTests() : PagingTestsBase(new TestDatabase());
