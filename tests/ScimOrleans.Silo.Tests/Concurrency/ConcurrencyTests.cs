using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Concurrency;

/// <summary>
/// Concurrent IdP pushes over HTTP: the grain applies writes to one resource one after another (no
/// lost update; concurrent ones may share a store write), and userName uniqueness holds under a
/// burst of creates.
/// </summary>
[Collection(ScimCollection.Name)]
public sealed class ConcurrencyTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    private const int Writers = 50;

    [Fact]
    public async Task Fifty_concurrent_patches_adding_distinct_emails_all_stick()
    {
        var user = await CreateUserAsync();
        var emails = Enumerable.Range(0, Writers).Select(i => $"concurrent-{i}@example.com").ToList();

        var responses = await Task.WhenAll(emails.Select(email =>
            PatchAsync($"/Users/{Id(user)}", Patch($$"""{"op":"add","path":"emails","value":[{"value":"{{email}}","type":"other"}]}"""))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = await GetObjectAsync($"/Users/{Id(user)}");
        var values = stored["emails"]!.AsArray().Select(e => Str(e!["value"])!).Order(StringComparer.Ordinal);
        Assert.Equal(emails.Order(StringComparer.Ordinal), values);
        // Each answer shows its own change, and one version always names one content.
        var answers = await Task.WhenAll(responses.Select(r => r.ReadObjectAsync()));
        for (var i = 0; i < Writers; i++)
        {
            Assert.Contains(emails[i], answers[i]["emails"]!.AsArray().Select(e => Str(e!["value"])));
        }

        Assert.All(answers.GroupBy(Version), sameVersion => Assert.Single(sameVersion.Select(a => a.ToJsonString()).Distinct()));
    }

    [Fact]
    public async Task Fifty_concurrent_posts_of_one_user_name_give_one_201_and_49_409()
    {
        var userName = NewUserName("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            PostAsync("/Users", ScimHttp.NewUser(i % 2 == 0 ? userName : userName.ToUpperInvariant()))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var conflicts = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(Writers - 1, conflicts.Count);
        foreach (var conflict in conflicts)
        {
            await ExpectErrorAsync(conflict, HttpStatusCode.Conflict, "uniqueness");
        }

        Assert.Single(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Fact]
    public async Task Fifty_concurrent_patches_adding_distinct_members_all_stick()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => CreateUserAsync()));
        var group = await CreateGroupAsync();

        var responses = await Task.WhenAll(users.Select(user =>
            PatchAsync($"/Groups/{Id(group)}", Patch($$"""{"op":"add","path":"members","value":[{"value":"{{Id(user)}}"}]}"""))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var members = (await GetObjectAsync($"/Groups/{Id(group)}"))["members"]!.AsArray().Select(m => Str(m!["value"])!);
        Assert.Equal(users.Select(Id).Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
        foreach (var user in users.Take(5))
        {
            Assert.Equal(Id(group), Str(Assert.Single((await GetObjectAsync($"/Users/{Id(user)}"))["groups"]!.AsArray())!["value"]));
        }
    }

    [Fact]
    public async Task Concurrent_puts_to_one_user_leave_one_complete_version()
    {
        var user = await CreateUserAsync();
        var userName = Str(user["userName"])!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            PutAsync($"/Users/{Id(user)}", ScimHttp.NewUser(userName, $$""" "displayName":"writer-{{i}}","title":"writer-{{i}}" """))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = await GetObjectAsync($"/Users/{Id(user)}");
        Assert.Equal(Str(stored["displayName"]), Str(stored["title"]));
    }

    [Fact]
    public async Task Concurrent_patches_with_the_same_if_match_let_exactly_one_through()
    {
        var user = await CreateUserAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            PatchAsync($"/Users/{Id(user)}", Patch($$"""{"op":"replace","path":"title","value":"v{{i}}"}"""), Version(user))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public async Task Concurrent_user_deletes_and_group_patches_leave_no_dangling_member()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CreateUserAsync()));
        var group = await CreateGroupAsync(null, [.. users.Take(10).Select(Id)]);

        var deletes = users.Take(10).Select(u => DeleteAsync($"/Users/{Id(u)}"));
        var adds = users.Skip(10).Select(u =>
            PatchAsync($"/Groups/{Id(group)}", Patch($$"""{"op":"add","path":"members","value":[{"value":"{{Id(u)}}"}]}""")));
        var responses = await Task.WhenAll(deletes.Concat(adds));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        var members = (await GetObjectAsync($"/Groups/{Id(group)}"))["members"]!.AsArray().Select(m => Str(m!["value"])!);
        Assert.Equal(users.Skip(10).Select(Id).Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
    }
}
