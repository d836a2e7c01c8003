using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// An IdP that times out re-sends its POST; it must never create a second user. And the per-tenant
/// choices where the IdPs and the RFC disagree (PATCH answering 200 with the resource, or 204).
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class RetryAndCompatibilitySettingTests(ScimApplicationFactory factory)
{
    private static string Body(string userName, string externalId, string title = "First") =>
        $$"""{"schemas":["{{UserSchema}}"],"userName":"{{userName}}","externalId":"{{externalId}}","title":"{{title}}","active":true}""";

    [Fact]
    public async Task A_resent_post_is_409_uniqueness_and_leaves_one_user()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "retry");
        var userName = $"retry-{Guid.NewGuid():N}@contoso.test";
        var body = Body(userName, Guid.NewGuid().ToString());

        var first = (await tenant.PostAsync("/Users", body)).Expect(HttpStatusCode.Created);
        var again = await tenant.PostAsync("/Users", body);
        var differentCase = await tenant.PostAsync("/Users", Body(userName.ToUpperInvariant(), Guid.NewGuid().ToString()));

        foreach (var response in new[] { again, differentCase })
        {
            var error = response.Expect(HttpStatusCode.Conflict);
            Assert.Equal("uniqueness", Str(error["scimType"]));
            Assert.Contains(ErrorSchema, error["schemas"]!.AsArray().Select(s => Str(s)));
        }

        var all = await tenant.AllAsync("/Users");
        Assert.Equal([Id(first)], all.Select(Id));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_post_create_exactly_one_user()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Okta, "retry");
        var body = Body($"race-{Guid.NewGuid():N}@okta.local", Guid.NewGuid().ToString());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tenant.PostAsync("/Users", body)));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
        Assert.Single(await tenant.AllAsync("/Users"));
    }

    [Fact]
    public async Task With_the_reactivate_policy_a_resent_post_returns_the_existing_user_reactivated_and_updated()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "react", s => s with { DuplicateUserPolicy = DuplicateUserPolicy.Reactivate });
        var userName = $"back-{Guid.NewGuid():N}@contoso.test";
        var externalId = Guid.NewGuid().ToString();
        var first = (await tenant.PostAsync("/Users", Body(userName, externalId))).Expect(HttpStatusCode.Created);
        (await tenant.PatchAsync($"/Users/{Id(first)}", PatchOp("""{"op":"Replace","path":"active","value":"False"}"""))).Expect(HttpStatusCode.OK);

        var again = await tenant.PostAsync("/Users", Body(userName, externalId, title: "Returned"));

        Assert.True(again.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)again.Status}: {again.Text}");
        Assert.Equal(Id(first), Id(again.Body!));
        Assert.True(again.Body!["active"]!.GetValue<bool>());
        Assert.Equal("Returned", Str(again.Body!["title"]));
        var all = await tenant.AllAsync("/Users");
        var only = Assert.Single(all);
        Assert.True(only["active"]!.GetValue<bool>());
        Assert.Equal("Returned", Str(only["title"]));
    }

    [Fact]
    public async Task With_the_reactivate_policy_concurrent_retries_still_leave_one_user()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "react", s => s with { DuplicateUserPolicy = DuplicateUserPolicy.Reactivate });
        var body = Body($"race-{Guid.NewGuid():N}@contoso.test", Guid.NewGuid().ToString());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tenant.PostAsync("/Users", body)));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.Status}: {r.Text}"));
        var ids = responses.Select(r => Id(r.Body!)).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(ids, (await tenant.AllAsync("/Users")).Select(Id));
    }

    [Fact]
    public async Task Patch_answers_200_with_the_resource_by_default()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "patch200");
        var user = (await tenant.PostAsync("/Users", Body($"p-{Guid.NewGuid():N}@contoso.test", Guid.NewGuid().ToString()))).Expect(HttpStatusCode.Created);

        var response = await tenant.PatchAsync($"/Users/{Id(user)}", PatchOp("""{"op":"Replace","path":"title","value":"Second"}"""));

        var patched = response.Expect(HttpStatusCode.OK);
        Assert.Equal("Second", Str(patched["title"]));
        Assert.Equal(Str(patched["meta"]!["version"]), response.Message.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task A_tenant_can_choose_204_for_patch_and_the_change_is_applied()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "patch204", s => s with { PatchAnswersNoContent = true });
        var user = (await tenant.PostAsync("/Users", Body($"p-{Guid.NewGuid():N}@contoso.test", Guid.NewGuid().ToString()))).Expect(HttpStatusCode.Created);
        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"g-{{Guid.NewGuid():N}}"}""")).Expect(HttpStatusCode.Created);

        var userPatch = await tenant.PatchAsync($"/Users/{Id(user)}", PatchOp("""{"op":"Replace","path":"title","value":"Second"}"""));
        var groupPatch = await tenant.PatchAsync($"/Groups/{Id(group)}", PatchOp($$"""{"op":"Add","path":"members","value":[{"value":"{{Id(user)}}"}]}"""));

        userPatch.ExpectNoBody(HttpStatusCode.NoContent);
        groupPatch.ExpectNoBody(HttpStatusCode.NoContent);
        var stored = await tenant.GetAsync($"/Users/{Id(user)}");
        Assert.Equal("Second", Str(stored.Expect(HttpStatusCode.OK)["title"]));
        Assert.Equal(stored.Message.Headers.ETag?.ToString(), userPatch.Message.Headers.ETag?.ToString());
        Assert.Equal([Id(user)], MemberIds(await tenant.GetResourceAsync($"/Groups/{Id(group)}")));

        // A client that names attributes still gets the resource.
        var asked = await tenant.PatchAsync($"/Users/{Id(user)}?attributes=title", PatchOp("""{"op":"Replace","path":"title","value":"Third"}"""));
        Assert.Equal("Third", Str(asked.Expect(HttpStatusCode.OK)["title"]));

        // Errors are still SCIM errors.
        var bad = await tenant.PatchAsync($"/Users/{Id(user)}", PatchOp("""{"op":"Replace","path":"userName","value":null}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task Switching_the_patch_answer_applies_from_the_next_request()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "patchsw");
        var user = (await tenant.PostAsync("/Users", Body($"p-{Guid.NewGuid():N}@contoso.test", Guid.NewGuid().ToString()))).Expect(HttpStatusCode.Created);
        var path = $"/Users/{Id(user)}";
        (await tenant.PatchAsync(path, PatchOp("""{"op":"Replace","path":"title","value":"A"}"""))).Expect(HttpStatusCode.OK);

        await tenant.ConfigureAsync(s => s with { PatchAnswersNoContent = true });
        (await tenant.PatchAsync(path, PatchOp("""{"op":"Replace","path":"title","value":"B"}"""))).ExpectNoBody(HttpStatusCode.NoContent);

        await tenant.ConfigureAsync(s => s with { PatchAnswersNoContent = false });
        var back = (await tenant.PatchAsync(path, PatchOp("""{"op":"Replace","path":"title","value":"C"}"""))).Expect(HttpStatusCode.OK);
        Assert.Equal("C", Str(back["title"]));
        Assert.True(JsonNode.DeepEquals(back["name"], (await tenant.GetResourceAsync(path))["name"]));
    }
}
