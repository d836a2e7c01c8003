using System.Collections.Concurrent;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage.Tests.Postgres;
using Xunit.Abstractions;
using static ScimOrleans.Storage.Tests.F;

namespace ScimOrleans.Storage.Tests;

/// <summary>
/// Keyset pages (cursor paging, RFC 9865): each page continues after the last resource of the one
/// before, in the same order index paging uses, so a walk sees every resource exactly once.
/// </summary>
public abstract class CursorTestsBase(StoreDatabase database) : IAsyncLifetime
{
    private const string Tenant = "big";
    private readonly StoreDatabase _database = database;
    private readonly List<string> _ids = [];
    private ISqlResourceStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await _database.OpenStoreAsync(durable: false);
        // Many users share a title (ties), and every fifth has none (missing values).
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

    public static TheoryData<string?, bool, bool> Orders() => new()
    {
        // sortBy, descending, filtered (title pr)
        { null, false, false },
        { null, false, true },
        { "title", false, false },
        { "title", true, false },
        { "title", true, true },
        { "userName", false, false },
        { "userName", true, false },
        { "meta.created", true, false },
        { "displayName", false, false },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Walking_by_7_sees_every_resource_once_in_index_order(string? sortBy, bool descending, bool filtered)
    {
        var filter = filtered ? Pr("title") : null;
        var sort = sortBy is null ? null : Path(sortBy);
        var expected = (await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(filter, sort, descending, 1, 1000)))
            .Resources.Select(r => r.Id).ToList();
        Assert.Equal(filtered ? 200 : 250, expected.Count);

        var (seen, pages) = await WalkAsync(new ResourceQuery(filter, sort, descending, 1, 7), expected.Count);

        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 6) / 7, pages);
    }

    [Fact]
    public async Task Only_the_first_page_counts_and_the_last_says_no_more()
    {
        var first = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 50) { Keyset = true });
        Assert.Equal(250, first.TotalResults);
        Assert.True(first.HasMore);
        Assert.Equal(first.Resources[^1].Id, first.Last!.Id);

        var after = first.Last;
        QueryResult page;
        var count = 1;
        do
        {
            page = await _store.QueryAsync(Tenant, ScimSchemas.UserResource,
                new ResourceQuery(null, null, false, 1, 50) { Keyset = true, After = after, CountTotal = false });
            Assert.Equal(-1, page.TotalResults);
            after = page.Last;
            count++;
        }
        while (page.HasMore);

        // 250 = 5 pages of 50: the fifth is full and still knows it is the last (one row of look-ahead).
        Assert.Equal(5, count);
        Assert.Equal(50, page.Resources.Count);
    }

    [Fact]
    public async Task A_page_of_none_only_says_whether_any_follow()
    {
        var none = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 0) { Keyset = true });
        Assert.Empty(none.Resources);
        Assert.True(none.HasMore);
        Assert.Null(none.Last);

        var empty = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(Eq("userName", "nobody"), null, false, 1, 0) { Keyset = true });
        Assert.False(empty.HasMore);
        Assert.Equal(0, empty.TotalResults);
    }

    [Fact]
    public async Task Positions_survive_their_json_form()
    {
        var sort = Path("title");
        var first = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, sort, false, 1, 10) { Keyset = true });
        var restored = KeysetPosition.FromJson(first.Last!.ToJson());
        Assert.Equal(first.Last, restored);

        var direct = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, sort, false, 1, 10) { Keyset = true, After = first.Last });
        var viaJson = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, sort, false, 1, 10) { Keyset = true, After = restored });
        Assert.Equal(direct.Resources.Select(r => r.Id), viaJson.Resources.Select(r => r.Id));
    }

    [Fact]
    public async Task Users_created_while_paging_never_cause_repeats()
    {
        var seen = new List<string>();
        var created = new ConcurrentBag<string>();
        KeysetPosition? after = null;
        var writer = 0;
        while (true)
        {
            // Inserts between (and during) pages, before and after the position in id order.
            var inserts = Enumerable.Range(0, 3).Select(async _ =>
            {
                var id = Resources.NewId();
                created.Add(id);
                await _store.CreateAsync(Resources.User(Tenant, id, $"late{Interlocked.Increment(ref writer):D4}"));
            }).ToList();
            var page = await _store.QueryAsync(Tenant, ScimSchemas.UserResource,
                new ResourceQuery(null, null, false, 1, 7) { Keyset = true, After = after, CountTotal = false });
            await Task.WhenAll(inserts);
            seen.AddRange(page.Resources.Select(r => r.Id));
            if (!page.HasMore)
            {
                break;
            }

            after = page.Last;
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(_ids.Except(seen));
        Assert.Empty(seen.Except(_ids).Except(created));
        // Sorted by id, like every page: a walk never goes back.
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task A_secret_is_created_once_and_shared_by_every_store_on_the_database()
    {
        var secrets = Assert.IsAssignableFrom<IStoreSecrets>(_store);
        var first = await secrets.GetOrCreateSecretAsync("cursor-test", 32);
        Assert.Equal(32, first.Length);

        await using var other = await _database.OpenStoreAsync(durable: false);
        var fromOther = await Assert.IsAssignableFrom<IStoreSecrets>(other).GetOrCreateSecretAsync("cursor-test", 32);
        Assert.Equal(first, fromOther);
        Assert.NotEqual(first, await secrets.GetOrCreateSecretAsync("another", 32));
    }

    private async Task<(List<string> Seen, int Pages)> WalkAsync(ResourceQuery query, int total)
    {
        var seen = new List<string>();
        KeysetPosition? after = null;
        var pages = 0;
        while (true)
        {
            var page = await _store.QueryAsync(Tenant, ScimSchemas.UserResource,
                query with { Keyset = true, After = after, CountTotal = after is null });
            pages++;
            Assert.Equal(after is null ? total : -1, page.TotalResults);
            Assert.True(page.Resources.Count <= query.Count);
            seen.AddRange(page.Resources.Select(r => r.Id));
            if (!page.HasMore)
            {
                return (seen, pages);
            }

            Assert.Equal(query.Count, page.Resources.Count);
            after = page.Last;
            Assert.True(pages < 1000, "the walk does not end");
        }
    }
}

/// <summary>The cursor tests on the embedded SQLite store.</summary>
public sealed class CursorTests() : CursorTestsBase(new TestDatabase());

/// <summary>The cursor tests on PostgreSQL.</summary>
public sealed class PostgresCursorTests() : CursorTestsBase(new PostgresTestDatabase());

/// <summary>A keyset page deep into the tenant is an index range in page order: no sort step, no OFFSET.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class CursorQueryPlanTests(SqliteDirectoryFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(null)]
    [InlineData("learner")]
    public async Task A_keyset_page_in_id_order_needs_no_sort(string? kind)
    {
        var query = new ResourceQuery(null, null, false, 1, 100, kind) { Keyset = true, After = new KeysetPosition(null, "8") };
        var plan = await fixture.Store.ExplainQueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, query);
        output.WriteLine(string.Join(Environment.NewLine, plan));

        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("USING", StringComparison.Ordinal) && line.Contains("id>?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_keyset_page_filtered_to_one_displayName_needs_no_sort()
    {
        var query = new ResourceQuery(Eq("displayName", "Alice Anderson"), null, false, 1, 100) { Keyset = true, After = new KeysetPosition(null, "8") };
        var plan = await fixture.Store.ExplainQueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, query);
        output.WriteLine(string.Join(Environment.NewLine, plan));

        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
