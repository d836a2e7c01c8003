using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.F;

namespace ScimOrleans.Storage.Tests;

public abstract class SortTestsBase(DirectoryFixture fixture)
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

/// <summary>The tests above on the embedded SQLite store.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class SortTests(SqliteDirectoryFixture fixture) : SortTestsBase(fixture);
