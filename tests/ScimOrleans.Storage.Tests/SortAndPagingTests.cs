using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.F;

namespace ScimOrleans.Storage.Tests;

[Collection(DirectoryCollection.Name)]
public sealed class SortTests(DirectoryFixture fixture)
{
    private Task<List<string>> Sorted(AttributePath sortBy, bool descending, FilterNode? filter = null) =>
        fixture.KeysAsync(DirectoryFixture.UserSchema, new ResourceQuery(filter, sortBy, descending, 1, 100));

    [Theory]
    // userName folded, in code point order: alice@..., bob, dave_100%, ćarol (U+0107 after 'd').
    [InlineData("userName", false, "alice,bob,dave,carol")]
    [InlineData("userName", true, "carol,dave,bob,alice")]
    // Missing values last ascending, first descending (RFC 7644 §3.4.2.3); ties by id.
    [InlineData("displayName", false, "alice,bob,dave,carol")]
    [InlineData("displayName", true, "carol,dave,bob,alice")]
    [InlineData("name.givenName", false, "alice,bob,*,*")]
    [InlineData("meta.created", true, "dave,carol,bob,alice")]
    [InlineData("meta.lastModified", false, "alice,bob,carol,dave")]
    // Multi-valued: the primary value, else the first. alice: alice@work (primary), bob: bob@work, carol: carol@home.
    [InlineData("emails", false, "alice,bob,carol,dave")]
    [InlineData("emails.type", false, "carol,*,*,dave")]
    [InlineData("emails.value", true, "dave,carol,bob,alice")]
    public async Task Sort_by(string path, bool descending, string expected)
    {
        var keys = await Sorted(Path(path), descending);
        var want = expected.Split(',');
        Assert.Equal(want.Length, keys.Count);
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i] != "*")
            {
                Assert.Equal(want[i], keys[i]);
            }
        }
    }

    [Fact]
    public async Task Sort_by_numbers_is_numeric_and_by_dateTimes_chronological()
    {
        // level: alice 7, bob 3, carol 10, dave none. Text order would put 10 first.
        Assert.Equal(["bob", "alice", "carol", "dave"], await Sorted(P("level", null, DirectoryFixture.CustomUrn), false));
        // hiredAt: alice 2019-06-01T09:00+02:00 = carol 2019-06-01T07:00Z < bob 2021; text order would differ.
        var byHire = await Sorted(P("hiredAt", null, DirectoryFixture.CustomUrn), true);
        Assert.Equal("dave", byHire[0]);
        Assert.Equal("bob", byHire[1]);
        Assert.Equal(["alice", "carol"], byHire.Skip(2).Order());
    }

    [Fact]
    public async Task Sort_and_filter_combine()
    {
        Assert.Equal(["dave", "alice"], await Sorted(Path("userName"), true, Eq("groups.value", fixture.Ids["engineers"])));
    }

    [Fact]
    public async Task Sort_by_unknown_attribute_is_rejected()
    {
        var error = await Assert.ThrowsAsync<ScimException>(() => Sorted(Path("shoeSize"), false));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Groups_sort_by_displayName()
    {
        var keys = await fixture.KeysAsync(ScimSchemas.GroupResource, new ResourceQuery(null, Path("displayName"), false, 1, 10));
        Assert.Equal(["staff", "empty", "engineers"], keys);
    }
}

public sealed class PagingTests : IAsyncLifetime
{
    private const string Tenant = "big";
    private readonly TestDatabase _database = new();
    private Sqlite.SqliteResourceStore _store = null!;
    private readonly List<string> _ids = [];

    public async Task InitializeAsync()
    {
        _store = await _database.OpenAsync(Sqlite.SqliteSynchronousMode.Normal);
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
