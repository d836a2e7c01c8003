using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Paging;

/// <summary>
/// attributes and excludedAttributes (RFC 7644 §3.4.2.5, §3.9) on every read and write response:
/// <c>id</c> is always returned, <c>password</c> never.
/// </summary>
[Collection(ScimCollection.Name)]
public sealed class ProjectionTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    private const string Full = """
        "displayName":"Projected","nickName":"Pro","title":"T","password":"Secret123!",
        "name":{"givenName":"Pia","familyName":"Roe"},
        "emails":[{"value":"p@example.com","type":"work"}]
        """;

    public enum Operation
    {
        Get,
        List,
        Search,
        Post,
        Put,
        Patch,
    }

    public static TheoryData<Operation> Operations => [Operation.Get, Operation.List, Operation.Search, Operation.Post, Operation.Put, Operation.Patch];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Attributes_returns_only_those_and_id(Operation operation)
    {
        var user = await RespondAsync(operation, "attributes=userName,name.givenName");

        Assert.NotNull(user["id"]);
        Assert.NotNull(user["userName"]);
        Assert.Equal("Pia", Str(user["name"]!["givenName"]));
        Assert.Null(user["name"]!["familyName"]);
        Assert.Null(user["displayName"]);
        Assert.Null(user["emails"]);
        Assert.Null(user["nickName"]);
        Assert.Null(user["password"]);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Excluded_attributes_leaves_out_those_only(Operation operation)
    {
        var user = await RespondAsync(operation, "excludedAttributes=emails,name,displayName");

        Assert.NotNull(user["id"]);
        Assert.NotNull(user["userName"]);
        Assert.Equal("Pro", Str(user["nickName"]));
        Assert.Null(user["emails"]);
        Assert.Null(user["name"]);
        Assert.Null(user["displayName"]);
        Assert.Null(user["password"]);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Id_is_returned_even_when_excluded(Operation operation)
    {
        var user = await RespondAsync(operation, "excludedAttributes=id,nickName");

        Assert.NotNull(user["id"]);
        Assert.Null(user["nickName"]);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Password_is_never_returned_even_when_asked_for(Operation operation)
    {
        var user = await RespondAsync(operation, "attributes=password,userName");

        Assert.Null(user["password"]);
        Assert.NotNull(user["id"]);
        Assert.NotNull(user["userName"]);
    }

    [Fact]
    public async Task Attribute_names_in_projection_are_case_insensitive()
    {
        var created = await CreateUserAsync(extra: Full);

        var user = await GetObjectAsync($"/Users/{Id(created)}?attributes=DISPLAYNAME");

        Assert.Equal("Projected", Str(user["displayName"]));
        Assert.Null(user["nickName"]);
    }

    [Fact]
    public async Task Urn_qualified_projection_selects_the_extension_attribute()
    {
        var created = await CreateAsync("/Users", EnterpriseUser(NewUserName(),
            $$""" "displayName":"X","{{EnterpriseSchema}}":{"department":"Ops","costCenter":"42"} """));

        var user = await GetObjectAsync($"/Users/{Id(created)}?attributes={Q(EnterpriseSchema + ":department")}");

        Assert.Equal("Ops", Str(user[EnterpriseSchema]!["department"]));
        Assert.Null(user[EnterpriseSchema]!["costCenter"]);
        Assert.Null(user["displayName"]);
    }

    [Fact]
    public async Task Excluding_a_whole_extension_by_urn_removes_it()
    {
        var created = await CreateAsync("/Users", EnterpriseUser(NewUserName(), $$""" "{{EnterpriseSchema}}":{"department":"Ops"} """));

        var user = await GetObjectAsync($"/Users/{Id(created)}?excludedAttributes={Q(EnterpriseSchema)}");

        Assert.Null(user[EnterpriseSchema]);
        Assert.NotNull(user["userName"]);
    }

    [Fact]
    public async Task Projection_of_a_sub_attribute_of_a_multi_valued_attribute()
    {
        var created = await CreateUserAsync(extra: Full);

        var user = await GetObjectAsync($"/Users/{Id(created)}?attributes=emails.value");

        var email = Assert.Single(user["emails"]!.AsArray())!.AsObject();
        Assert.Equal("p@example.com", Str(email["value"]));
        Assert.Null(email["type"]);
    }

    [Fact]
    public async Task Attributes_and_excluded_attributes_together_on_a_list_are_400()
    {
        await ExpectErrorAsync(await GetAsync("/Users?attributes=userName&excludedAttributes=emails"), HttpStatusCode.BadRequest);
    }

    /// <summary>Creates a full user and performs <paramref name="operation"/> with the projection query, returning the user as answered.</summary>
    private async Task<JsonObject> RespondAsync(Operation operation, string projection)
    {
        var userName = NewUserName("proj");
        if (operation == Operation.Post)
        {
            var response = await Client.PostAsync($"{Base}/Users?{projection}", ScimHttp.Json(ScimHttp.NewUser(userName, Full)));
            return await ExpectAsync(response, HttpStatusCode.Created);
        }

        var created = await CreateUserAsync(userName, Full);
        var id = Id(created);
        switch (operation)
        {
            case Operation.Get:
                return await GetObjectAsync($"/Users/{id}?{projection}");
            case Operation.List:
                return (JsonObject)Assert.Single(Resources(await ListAsync("/Users", $"id eq \"{id}\"", projection)))!;
            case Operation.Search:
                var (name, value) = Split(projection);
                var body = Search($"id eq \"{id}\"", $" \"{name}\":[{string.Join(",", value.Split(',').Select(v => $"\"{v}\""))}] ");
                return (JsonObject)Assert.Single(Resources(await ExpectAsync(await PostAsync("/Users/.search", body), HttpStatusCode.OK)))!;
            case Operation.Put:
                return await ExpectAsync(await PutAsync($"/Users/{id}?{projection}", ScimHttp.NewUser(userName, Full)), HttpStatusCode.OK);
            case Operation.Patch:
                return await ExpectAsync(
                    await PatchAsync($"/Users/{id}?{projection}", Patch("""{"op":"replace","path":"title","value":"T2"}""")), HttpStatusCode.OK);
            default:
                throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }

    private static (string Name, string Value) Split(string projection)
    {
        var equals = projection.IndexOf('=');
        return (projection[..equals], projection[(equals + 1)..]);
    }
}
