using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// Simulated Okta cycles: an import that pages through every user with startIndex/count the way
/// Okta's importer does (nothing skipped, nothing twice), and Group Push of several groups.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class OktaProvisioningCycleTests(ScimApplicationFactory factory)
{
    private const int Workers = 6;

    private static async Task<List<JsonObject>> CreateUsersAsync(IdpTenant tenant, int count)
    {
        var created = new JsonObject[count];
        await ParallelAsync(Enumerable.Range(0, count), Workers, async i =>
        {
            var userName = $"import{i:D4}@okta.local";
            var lookup = await tenant.QueryAsync("/Users", $"userName eq \"{userName}\"", "startIndex=1&count=100");
            Assert.Equal(0, lookup["totalResults"]!.GetValue<int>());
            created[i] = (await tenant.PostAsync("/Users", OktaTests.OktaUser(userName, $"00u{i:D17}", givenName: $"Given{i}", active: i % 9 != 0)))
                .Expect(HttpStatusCode.Created);
        });
        return [.. created];
    }

    /// <summary>Okta's import: pages of <paramref name="count"/> from startIndex 1 until totalResults is reached.</summary>
    private static async Task<(List<JsonObject> Users, int Pages)> ImportAsync(IdpTenant tenant, string endpoint, int count)
    {
        var imported = new List<JsonObject>();
        var startIndex = 1;
        var pages = 0;
        int total;
        do
        {
            var page = (await tenant.GetAsync($"{endpoint}?startIndex={startIndex}&count={count}")).Expect(HttpStatusCode.OK);
            pages++;
            total = page["totalResults"]!.GetValue<int>();
            var resources = Resources(page);
            Assert.Equal(startIndex, page["startIndex"]!.GetValue<int>());
            Assert.Equal(resources.Count, page["itemsPerPage"]!.GetValue<int>());
            Assert.Equal(Math.Min(count, total - startIndex + 1), resources.Count);
            imported.AddRange(resources);
            startIndex += count;
        }
        while (startIndex <= total);

        return (imported, pages);
    }

    [Fact]
    public async Task Import_pages_through_all_users_with_nothing_skipped_or_repeated()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Okta, "oktaimp");
        var created = await CreateUsersAsync(tenant, 537);

        var (imported, pages) = await ImportAsync(tenant, "/Users", 100);

        Assert.Equal(6, pages);
        Assert.Equal(537, imported.Count);
        Assert.Equal(537, imported.Select(Id).Distinct().Count());
        var byId = created.ToDictionary(Id, StringComparer.Ordinal);
        Assert.Equal(byId.Keys.Order(StringComparer.Ordinal), imported.Select(Id).Order(StringComparer.Ordinal));
        foreach (var user in imported)
        {
            var source = byId[Id(user)];
            Assert.Equal(Str(source["userName"]), Str(user["userName"]));
            Assert.Equal(Str(source["externalId"]), Str(user["externalId"]));
            Assert.Equal(Active(source), Active(user));
            Assert.Equal(Str(source["name"]!["givenName"]), Str(user["name"]!["givenName"]));
            Assert.Null(user["password"]);
        }

        Assert.Equal(created.Count(u => !Active(u)), imported.Count(u => !Active(u)));

        // A page past the end is empty, not an error; count=0 gives only the total.
        var past = (await tenant.GetAsync("/Users?startIndex=601&count=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(537, past["totalResults"]!.GetValue<int>());
        Assert.Empty(past["Resources"] as JsonArray ?? []);
        var totalOnly = (await tenant.GetAsync("/Users?startIndex=1&count=0")).Expect(HttpStatusCode.OK);
        Assert.Equal(537, totalOnly["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Group_push_of_several_groups_then_membership_changes_ends_in_exactly_the_pushed_state()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Okta, "oktapush");
        var users = await CreateUsersAsync(tenant, 60);
        string Member(int i) => $$"""{"value":"{{Id(users[i])}}","display":"{{Str(users[i]["userName"])}}"}""";

        // Okta's model of what it pushes: group name -> user indexes.
        var pushed = Enumerable.Range(0, 6).ToDictionary(g => $"Okta Group {g}", g => Enumerable.Range(0, 60).Where(i => i % 6 == g || i < 3).ToHashSet());
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);

        await ParallelAsync(pushed.Keys.ToList(), Workers, async name =>
        {
            var lookup = await tenant.QueryAsync("/Groups", $"displayName eq \"{name}\"", "startIndex=1&count=100");
            Assert.Equal(0, lookup["totalResults"]!.GetValue<int>());
            var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{name}}","members":[]}""")).Expect(HttpStatusCode.Created);
            lock (ids)
            {
                ids[name] = Id(group);
            }

            var adds = string.Join(",", pushed[name].Select(Member));
            (await tenant.PatchAsync($"/Groups/{Id(group)}", PatchOp($$"""{"op":"add","path":"members","value":[{{adds}}]}"""))).Expect(HttpStatusCode.OK);
        });

        // Changes in Okta: a rename (echoing the id), mixed remove+add, a full replace, an unlink (delete).
        var renamed = "Okta Group 0 (renamed)";
        (await tenant.PatchAsync($"/Groups/{ids["Okta Group 0"]}", PatchOp($$"""{"op":"replace","value":{"id":"{{ids["Okta Group 0"]}}","displayName":"{{renamed}}"} }""")))
            .Expect(HttpStatusCode.OK);
        pushed[renamed] = pushed["Okta Group 0"];
        ids[renamed] = ids["Okta Group 0"];
        pushed.Remove("Okta Group 0");
        ids.Remove("Okta Group 0");

        (await tenant.PatchAsync($"/Groups/{ids["Okta Group 1"]}", PatchOp(
            $$"""{"op":"remove","path":"members[value eq \"{{Id(users[1])}}\"]"}""",
            $$"""{"op":"remove","path":"members[value eq \"{{Id(users[7])}}\"]"}""",
            $$"""{"op":"add","path":"members","value":[{{Member(2)}},{{Member(50)}}]}"""))).Expect(HttpStatusCode.OK);
        pushed["Okta Group 1"].ExceptWith([1, 7]);
        pushed["Okta Group 1"].UnionWith([2, 50]);

        (await tenant.PatchAsync($"/Groups/{ids["Okta Group 2"]}", PatchOp($$"""{"op":"replace","path":"members","value":[{{Member(10)}},{{Member(11)}}]}""")))
            .Expect(HttpStatusCode.OK);
        pushed["Okta Group 2"] = [10, 11];

        (await tenant.DeleteAsync($"/Groups/{ids["Okta Group 5"]}")).ExpectNoBody(HttpStatusCode.NoContent);
        pushed.Remove("Okta Group 5");

        // Okta's group import reads them back.
        var (groups, _) = await ImportAsync(tenant, "/Groups", 100);
        Assert.Equal(pushed.Count, groups.Count);
        foreach (var group in groups)
        {
            var name = Str(group["displayName"])!;
            Assert.Equal(ids[name], Id(group));
            Assert.Equal(pushed[name].Select(i => Id(users[i])).Order(StringComparer.Ordinal), MemberIds(group));
        }

        // Every user's groups agree with the pushed memberships.
        var all = await tenant.AllAsync("/Users");
        Assert.Equal(60, all.Count);
        foreach (var user in all)
        {
            var index = users.FindIndex(u => Id(u) == Id(user));
            var expected = pushed.Where(p => p.Value.Contains(index)).Select(p => ids[p.Key]).Order(StringComparer.Ordinal);
            Assert.Equal(expected, (user["groups"] as JsonArray ?? []).Select(g => Str(g!["value"])!).Order(StringComparer.Ordinal));
        }
    }
}
