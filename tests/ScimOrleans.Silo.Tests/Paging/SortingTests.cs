using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Paging;

/// <summary>sortBy and sortOrder (RFC 7644 §3.4.2.3).</summary>
[Collection(ScimCollection.Name)]
public sealed class SortingTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Theory]
    [InlineData("displayName", null, "bca")]
    [InlineData("displayName", "ascending", "bca")]
    [InlineData("displayName", "descending", "acb")]
    [InlineData("DISPLAYNAME", "DESCENDING", "acb")]
    [InlineData("userName", "ascending", "abc")]
    [InlineData("userName", "descending", "cba")]
    [InlineData("name.familyName", "ascending", "cab")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:title", "ascending", "abc")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "ascending", "cba")]
    [InlineData("emails", "ascending", "bac")]
    [InlineData("emails.value", "descending", "cab")]
    public async Task Users_sort_by_attribute_and_order(string sortBy, string? sortOrder, string expected)
    {
        var prefix = NewPrefix("sort");
        // userName order a b c; displayName: a=Zed b=Amy c=Kim; familyName: a=Moss b=Yu c=Abel;
        // title a=A1 b=B2 c=C3; employeeNumber a=30 b=20 c=10; primary work email a=m@ b=a@ c=z@.
        var users = new Dictionary<string, string>
        {
            [Id(await CreateAsync("/Users", EnterpriseUser($"{prefix}-a@example.com",
                $$"""
                "displayName":"Zed","name":{"familyName":"Moss"},"title":"A1","emails":[{"value":"m@example.com","primary":true}],"{{EnterpriseSchema}}":{"employeeNumber":"30"}
                """)))] = "a",
            [Id(await CreateAsync("/Users", EnterpriseUser($"{prefix}-b@example.com",
                $$"""
                "displayName":"Amy","name":{"familyName":"Yu"},"title":"B2","emails":[{"value":"a@example.com","primary":true}],"{{EnterpriseSchema}}":{"employeeNumber":"20"}
                """)))] = "b",
            [Id(await CreateAsync("/Users", EnterpriseUser($"{prefix}-c@example.com",
                $$"""
                "displayName":"kim","name":{"familyName":"Abel"},"title":"C3","emails":[{"value":"z@example.com","primary":true}],"{{EnterpriseSchema}}":{"employeeNumber":"10"}
                """)))] = "c",
        };
        var order = sortOrder is null ? "" : $"&sortOrder={sortOrder}";

        var list = await ListAsync("/Users", $"userName sw \"{prefix}\"", $"sortBy={Q(sortBy)}{order}");

        Assert.Equal(expected, string.Concat(Ids(list).Select(id => users[id])));
    }

    [Fact]
    public async Task Groups_sort_by_display_name()
    {
        var prefix = NewPrefix("gsort");
        var b = await CreateGroupAsync($"{prefix}-b");
        var a = await CreateGroupAsync($"{prefix}-a");
        var c = await CreateGroupAsync($"{prefix}-c");

        var ascending = await ListAsync("/Groups", $"displayName sw \"{prefix}\"", "sortBy=displayName");
        var descending = await ListAsync("/Groups", $"displayName sw \"{prefix}\"", "sortBy=displayName&sortOrder=descending");

        Assert.Equal([Id(a), Id(b), Id(c)], Ids(ascending));
        Assert.Equal([Id(c), Id(b), Id(a)], Ids(descending));
    }

    [Fact]
    public async Task Sort_by_meta_created_follows_creation_order()
    {
        var prefix = NewPrefix("csort");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(Id(await CreateUserAsync($"{prefix}-{2 - i}@example.com")));
            await Task.Delay(5);
        }

        var list = await ListAsync("/Users", $"userName sw \"{prefix}\"", "sortBy=meta.created");

        Assert.Equal(ids, Ids(list));
    }

    [Fact]
    public async Task Sort_by_unknown_attribute_is_400()
    {
        await ExpectErrorAsync(await GetAsync("/Users?sortBy=noSuchAttribute"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_sort_order_is_400()
    {
        await ExpectErrorAsync(await GetAsync("/Users?sortBy=userName&sortOrder=sideways"), HttpStatusCode.BadRequest);
    }
}
