using System.Diagnostics;
using System.Net;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScimOrleans.Silo.Tests.Bulk;

/// <summary>POST /Bulk end to end (RFC 7644 §3.7): references, ordering, failOnErrors, preconditions, limits.</summary>
[Collection(ScimCollection.Name)]
public sealed class BulkTests(ScimApplicationFactory factory, ITestOutputHelper output) : BulkTest(factory)
{
    [Fact]
    public async Task Creates_users_and_a_group_whose_members_reference_them_by_bulk_id()
    {
        var prefix = NewPrefix("bulk");
        var body = BulkBody([
            PostGroupOp("team", $"{prefix}-team", "bulkId:ada", "bulkId:bob"), // before the users it references
            PostUserOp("ada", $"{prefix}-ada@example.com"),
            $$$"""{"method":"POST","path":"/Users","bulkId":"bob","data":{{{EnterpriseUser($"{prefix}-bob@example.com", """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulkId:ada"}} """)}}}}""",
        ]);

        var results = await BulkAsync(body);

        Assert.Equal(["POST", "POST", "POST"], results.Select(r => Str(r["method"])));
        Assert.Equal(["team", "ada", "bob"], results.Select(r => Str(r["bulkId"])));
        Assert.All(results, r => Assert.Equal("201", Status(r)));
        Assert.All(results, r => Assert.StartsWith("W/\"", Str(r["version"]), StringComparison.Ordinal));
        Assert.StartsWith(Absolute("/Groups/"), Location(results[0]), StringComparison.Ordinal);
        Assert.StartsWith(Absolute("/Users/"), Location(results[1]), StringComparison.Ordinal);
        var group = await GetObjectAsync($"/Groups/{IdFrom(results[0])}");
        Assert.Equal(
            new[] { IdFrom(results[1]), IdFrom(results[2]) }.Order(),
            group["members"]!.AsArray().Select(m => Str(m!["value"])!).Order());
        var bob = await GetObjectAsync($"/Users/{IdFrom(results[2])}");
        Assert.Equal(IdFrom(results[1]), Str(bob[EnterpriseSchema]!["manager"]!["value"]));
    }

    [Fact]
    public async Task Patches_a_resource_created_in_the_same_request_through_its_bulk_id_path()
    {
        var results = await BulkAsync(BulkBody([
            PostUserOp("u", NewUserName()),
            PatchOp("/Users/bulkId:u", ReplaceTitle("Engineer")),
        ]));

        Assert.Equal(["201", "200"], results.Select(Status));
        Assert.Equal(Location(results[0]), Location(results[1]));
        Assert.Equal("W/\"2\"", Str(results[1]["version"]));
        Assert.Equal("Engineer", Str((await GetObjectAsync($"/Users/{IdFrom(results[0])}"))["title"]));
    }

    [Fact]
    public async Task Operations_on_one_resource_run_in_request_order()
    {
        var results = await BulkAsync(BulkBody([
            PostUserOp("u", NewUserName()),
            PatchOp("/Users/bulkId:u", ReplaceTitle("first")),
            PatchOp("/Users/bulkId:u", ReplaceTitle("second"), "W/\"2\""),
            DeleteOp("/Users/bulkId:u", "W/\"3\""),
        ]));

        Assert.Equal(["201", "200", "200", "204"], results.Select(Status));
        Assert.Equal(["W/\"1\"", "W/\"2\"", "W/\"3\"", null], results.Select(r => Str(r["version"])));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/Users/{IdFrom(results[0])}")).StatusCode);
    }

    [Fact]
    public async Task Fail_on_errors_stops_after_that_many_errors_and_leaves_the_rest_out()
    {
        var results = await BulkAsync(BulkBody([
            PostUserOp("u", NewUserName()),
            PatchOp("/Users/bulkId:u", ReplaceTitle("stale"), "W/\"99\""),
            PatchOp("/Users/bulkId:u", ReplaceTitle("never")),
            DeleteOp("/Users/bulkId:u"),
        ], failOnErrors: 1));

        Assert.Equal(["201", "412"], results.Select(Status));
        var user = await GetObjectAsync($"/Users/{IdFrom(results[0])}");
        Assert.Null(user["title"]);
    }

    [Fact]
    public async Task Fail_on_errors_starts_nothing_more_once_reached()
    {
        var prefix = NewPrefix("foe");
        var operations = new List<string> { PostUserOp("bad", "", null) };
        operations.AddRange(Enumerable.Range(0, 300).Select(i => PostUserOp($"u{i}", $"{prefix}-{i}@example.com")));

        var results = await BulkAsync(BulkBody(operations, failOnErrors: 1));

        Assert.Equal("400", Status(results[0]));
        Assert.True(results.Count < 301, $"{results.Count} operations ran");
        Assert.Single(results, r => Status(r) != "201");
        Assert.Equal(results.Count - 1, await CountUsersAsync(prefix));
    }

    [Fact]
    public async Task Without_fail_on_errors_every_operation_runs()
    {
        var prefix = NewPrefix("all");
        var results = await BulkAsync(BulkBody([
            PostUserOp("dup1", $"{prefix}@example.com"),
            PostUserOp("bad", ""),
            DeleteOp($"/Users/{Guid.NewGuid()}"),
            DeleteOp($"/Nowhere/{Guid.NewGuid()}"),
            PostUserOp("ok", $"{prefix}-2@example.com"),
        ]));

        Assert.Equal(["201", "400", "404", "404", "201"], results.Select(Status));
        var error = results[1]["response"]!.AsObject();
        Assert.Equal(ErrorSchema, Str(error["schemas"]![0]));
        Assert.Equal("invalidValue", Str(error["scimType"]));
        Assert.Null(results[1]["location"]);
        Assert.NotNull(results[2]["location"]);
    }

    [Fact]
    public async Task Version_is_an_if_match_precondition_per_operation()
    {
        var user = await CreateUserAsync();
        var path = $"/Users/{Id(user)}";
        var replacement = ScimHttp.NewUser(Str(user["userName"])!, """ "title":"Replaced" """);

        var results = await BulkAsync(BulkBody([
            PutOp(path, replacement, "W/\"41\""),
            PutOp(path, replacement, Version(user)),
            DeleteOp(path, Version(user)),
        ]));

        Assert.Equal(["412", "200", "412"], results.Select(Status));
        Assert.Null(results[0]["response"]!["scimType"]);
        Assert.Equal("W/\"2\"", Str(results[1]["version"]));
        Assert.Equal(Absolute(path), Location(results[2]));
        Assert.Equal("Replaced", Str((await GetObjectAsync(path))["title"]));
    }

    [Fact]
    public async Task A_reference_to_a_failed_post_is_409()
    {
        var results = await BulkAsync(BulkBody([
            PostUserOp("bad", ""),
            PostGroupOp("g", NewPrefix("group"), "bulkId:bad"),
            PatchOp("/Users/bulkId:bad", ReplaceTitle("x")),
            PostGroupOp("h", NewPrefix("group"), "bulkId:undeclared"),
        ]));

        Assert.Equal(["400", "409", "409", "409"], results.Select(Status));
        Assert.Contains("bulkId:bad", Str(results[1]["response"]!["detail"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Circular_references_are_409_and_the_rest_of_the_request_runs()
    {
        var results = await BulkAsync(BulkBody([
            PostGroupOp("a", NewPrefix("a"), "bulkId:b"),
            PostGroupOp("b", NewPrefix("b"), "bulkId:a"),
            PostUserOp("free", NewUserName()),
        ]));

        Assert.Equal(["409", "409", "201"], results.Select(Status));
        Assert.Contains("Circular", Str(results[0]["response"]!["detail"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_operations_than_max_operations_is_413_and_nothing_runs()
    {
        var prefix = NewPrefix("many");
        var body = BulkBody(Enumerable.Range(0, 1001).Select(i => PostUserOp($"u{i}", $"{prefix}-{i}@example.com")));

        var error = await ExpectErrorAsync(await PostAsync("/Bulk", body), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("maxOperations", Str(error["detail"]), StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync(prefix));
    }

    [Fact]
    public async Task A_body_over_the_bulk_max_payload_size_is_413_and_nothing_runs()
    {
        var prefix = NewPrefix("big");
        var body = BulkBody([
            PostUserOp("u", $"{prefix}@example.com"),
            PostUserOp("v", $"{prefix}-2@example.com", $$""" "title":"{{new string('x', 4 * 1024 * 1024)}}" """),
        ]);

        var error = await ExpectErrorAsync(await PostAsync("/Bulk", body), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("maxPayloadSize", Str(error["detail"]), StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync(prefix));
    }

    [Fact]
    public async Task A_bulk_body_may_exceed_the_single_request_limit()
    {
        var prefix = NewPrefix("wide");
        var body = BulkBody(Enumerable.Range(0, 300).Select(i =>
            PostUserOp($"u{i}", $"{prefix}-{i}@example.com", $$""" "nickName":"{{new string('n', 5000)}}" """)));
        Assert.True(body.Length > 1024 * 1024);

        var results = await BulkAsync(body);

        Assert.All(results, r => Assert.Equal("201", Status(r)));
        Assert.Equal(300, await CountUsersAsync(prefix));
    }

    [Fact]
    public async Task A_request_that_is_not_a_bulk_request_is_400()
    {
        await ExpectErrorAsync(await PostAsync("/Bulk", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"""),
            HttpStatusCode.BadRequest, "invalidSyntax");
        await ExpectErrorAsync(await PostAsync("/Bulk", "not json"), HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task Bulk_needs_the_tenants_token()
    {
        using var anonymous = Factory.CreateScimClient(token: null);

        var response = await anonymous.PostAsync($"{Base}/Bulk", ScimHttp.Json(BulkBody([PostUserOp("u", NewUserName())])));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Group_operations_are_403_while_group_provisioning_is_off()
    {
        var tenant = "bulk-nogroups-" + Guid.NewGuid().ToString("N")[..8];
        var grain = Factory.Grains.GetGrain<ITenantGrain>(tenant);
        await grain.Create();
        var settings = await grain.GetSettings();
        Assert.Null((await grain.UpdateSettings(settings with { GroupsEnabled = false }, false)).Fault);
        var token = await grain.IssueToken("bulk", DateTimeOffset.UtcNow.AddDays(1), null);
        using var client = Factory.CreateScimClient(token.Value);

        var response = await client.PostAsync($"/scim/{tenant}/v2/Bulk", ScimHttp.Json(BulkBody([
            PostUserOp("u", NewUserName()),
            PostGroupOp("g", NewPrefix("group"), "bulkId:u"),
        ])));

        var results = (await ExpectAsync(response, HttpStatusCode.OK))["Operations"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(["201", "403"], results.Select(Status));
    }

    [Fact]
    public async Task A_thousand_creates_in_one_request_are_all_stored()
    {
        var prefix = NewPrefix("k");
        var body = BulkBody(Enumerable.Range(0, 1000).Select(i =>
            PostUserOp($"u{i}", $"{prefix}-{i:D4}@example.com", $$""" "name":{"givenName":"G{{i}}","familyName":"F{{i}}"},"emails":[{"value":"{{prefix}}-{{i}}@example.com","type":"work","primary":true}] """)));
        await BulkAsync(BulkBody([PostUserOp("warm", NewUserName())])); // activation paths warmed, not timed

        var clock = Stopwatch.StartNew();
        var results = await BulkAsync(body);
        clock.Stop();

        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.Equal("201", Status(r)));
        Assert.Equal(1000, results.Select(IdFrom).Distinct().Count());
        Assert.Equal(1000, await CountUsersAsync(prefix));
        output.WriteLine($"1000 creates in one bulk: {clock.ElapsedMilliseconds} ms ({1000 / clock.Elapsed.TotalSeconds:F0} users/s)");
    }
}
