using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Discovery;

/// <summary>/ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4, RFC 7643 §5 to §7).</summary>
[Collection(ScimCollection.Name)]
public sealed class DiscoveryTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    public static TheoryData<string> SchemaIds =>
    [
        UserSchema,
        EnterpriseSchema,
        GroupSchema,
    ];

    [Fact]
    public async Task Service_provider_config_describes_what_is_implemented()
    {
        var response = await GetAsync("/ServiceProviderConfig");
        var config = await ExpectAsync(response, HttpStatusCode.OK);

        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
        Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", config["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.True(config["patch"]!["supported"]!.GetValue<bool>());
        Assert.True(config["filter"]!["supported"]!.GetValue<bool>());
        Assert.True(config["filter"]!["maxResults"]!.GetValue<int>() > 0);
        Assert.True(config["sort"]!["supported"]!.GetValue<bool>());
        Assert.True(config["etag"]!["supported"]!.GetValue<bool>());
        Assert.False(config["changePassword"]!["supported"]!.GetValue<bool>());
        Assert.Equal(4 * 1024 * 1024, config["bulk"]!["maxPayloadSize"]!.GetValue<int>());
        Assert.True(config["bulk"]!["supported"]!.GetValue<bool>());
        Assert.Equal(1000, config["bulk"]!["maxOperations"]!.GetValue<int>());
        var scheme = Assert.Single(config["authenticationSchemes"]!.AsArray())!;
        Assert.Equal("oauthbearertoken", Str(scheme["type"]));
        Assert.False(string.IsNullOrEmpty(Str(scheme["name"])));
        Assert.False(string.IsNullOrEmpty(Str(scheme["description"])));
        Assert.Equal(Absolute("/ServiceProviderConfig"), Str(config["meta"]!["location"]));
        Assert.Equal("ServiceProviderConfig", Str(config["meta"]!["resourceType"]));
    }

    [Fact]
    public async Task Service_provider_config_advertises_the_configured_payload_limit()
    {
        await using var host = new ConfiguredScimHost(("Scim:MaxPayloadSize", "4096"), ("Scim:BulkMaxPayloadSize", "8192"));
        using var client = host.CreateScimClient();

        var config = await (await client.GetAsync($"{host.BaseUrl}/ServiceProviderConfig")).ReadObjectAsync();
        var tooLarge = await client.PostAsync($"{host.BaseUrl}/Users",
            ScimHttp.Json(ScimHttp.NewUser(NewUserName(), $$""" "displayName":"{{new string('x', 5000)}}" """)));

        Assert.Equal(8192, config["bulk"]!["maxPayloadSize"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Resource_types_list_user_with_enterprise_extension_and_group()
    {
        var list = await GetObjectAsync("/ResourceTypes");

        Assert.Contains(ListResponseSchema, list["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Equal(2, list["totalResults"]!.GetValue<int>());
        var types = Resources(list).Select(t => t!.AsObject()).ToDictionary(t => Str(t["name"])!);
        var user = types["User"];
        Assert.Equal("/Users", Str(user["endpoint"]));
        Assert.Equal(UserSchema, Str(user["schema"]));
        var extension = Assert.Single(user["schemaExtensions"]!.AsArray())!;
        Assert.Equal(EnterpriseSchema, Str(extension["schema"]));
        Assert.False(extension["required"]!.GetValue<bool>());
        var group = types["Group"];
        Assert.Equal("/Groups", Str(group["endpoint"]));
        Assert.Equal(GroupSchema, Str(group["schema"]));
        Assert.Empty(group["schemaExtensions"]?.AsArray() ?? []);
        foreach (var type in types.Values)
        {
            Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:ResourceType", type["schemas"]!.AsArray().Select(s => Str(s)));
            Assert.Equal(Absolute($"/ResourceTypes/{Str(type["name"])}"), Str(type["meta"]!["location"]));
        }
    }

    [Theory]
    [InlineData("User", "/Users", UserSchema)]
    [InlineData("Group", "/Groups", GroupSchema)]
    public async Task Resource_type_by_name(string name, string endpoint, string schema)
    {
        var type = await GetObjectAsync($"/ResourceTypes/{name}");

        Assert.Equal(name, Str(type["id"]));
        Assert.Equal(endpoint, Str(type["endpoint"]));
        Assert.Equal(schema, Str(type["schema"]));
    }

    [Fact]
    public async Task Unknown_resource_type_is_404()
    {
        await ExpectErrorAsync(await GetAsync("/ResourceTypes/Printer"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Schemas_list_holds_the_three_schemas()
    {
        var list = await GetObjectAsync("/Schemas");

        Assert.Equal(3, list["totalResults"]!.GetValue<int>());
        var ids = Resources(list).Select(s => Str(s!["id"])).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { UserSchema, GroupSchema, EnterpriseSchema }.Order(StringComparer.Ordinal), ids);
    }

    [Theory]
    [MemberData(nameof(SchemaIds))]
    public async Task Schema_by_urn_describes_every_attribute(string urn)
    {
        var response = await GetAsync($"/Schemas/{urn}");
        var schema = await ExpectAsync(response, HttpStatusCode.OK);

        Assert.Equal(urn, Str(schema["id"]));
        Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:Schema", schema["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.False(string.IsNullOrEmpty(Str(schema["name"])));
        Assert.Equal(Absolute($"/Schemas/{urn}"), Str(schema["meta"]!["location"]));
        var attributes = schema["attributes"]!.AsArray();
        Assert.NotEmpty(attributes);
        foreach (var attribute in Flatten(attributes))
        {
            var name = Str(attribute["name"]);
            Assert.False(string.IsNullOrEmpty(name));
            Assert.Contains(Str(attribute["type"]), new[] { "string", "boolean", "decimal", "integer", "dateTime", "reference", "complex", "binary" });
            Assert.Contains(Str(attribute["mutability"]), new[] { "readOnly", "readWrite", "immutable", "writeOnly" });
            Assert.Contains(Str(attribute["returned"]), new[] { "always", "never", "default", "request" });
            Assert.Contains(Str(attribute["uniqueness"]), new[] { "none", "server", "global" });
            Assert.NotNull(attribute["multiValued"]);
            Assert.NotNull(attribute["required"]);
            Assert.NotNull(attribute["caseExact"]);
        }
    }

    [Fact]
    public async Task User_schema_states_the_rules_the_server_enforces()
    {
        var schema = await GetObjectAsync($"/Schemas/{UserSchema}");
        var attributes = schema["attributes"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => Str(a["name"])!);

        Assert.Equal("server", Str(attributes["userName"]["uniqueness"]));
        Assert.True(attributes["userName"]["required"]!.GetValue<bool>());
        Assert.False(attributes["userName"]["caseExact"]!.GetValue<bool>());
        Assert.Equal("never", Str(attributes["password"]["returned"]));
        Assert.Equal("writeOnly", Str(attributes["password"]["mutability"]));
        Assert.Equal("readOnly", Str(attributes["groups"]["mutability"]));
        Assert.True(attributes["emails"]["multiValued"]!.GetValue<bool>());
        Assert.Equal("complex", Str(attributes["name"]["type"]));
        Assert.Contains("givenName", attributes["name"]["subAttributes"]!.AsArray().Select(a => Str(a!["name"])));
    }

    [Fact]
    public async Task Group_schema_describes_members()
    {
        var schema = await GetObjectAsync($"/Schemas/{GroupSchema}");
        var attributes = schema["attributes"]!.AsArray().Select(a => a!.AsObject()).ToDictionary(a => Str(a["name"])!);

        var members = attributes["members"];
        Assert.True(members["multiValued"]!.GetValue<bool>());
        var subs = members["subAttributes"]!.AsArray().Select(a => Str(a!["name"])).ToList();
        Assert.Contains("value", subs);
        Assert.Contains("$ref", subs);
        Assert.Contains("display", subs);
        Assert.Contains("type", subs);
        Assert.True(attributes["displayName"]["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_schema_is_404()
    {
        await ExpectErrorAsync(await GetAsync("/Schemas/urn:example:nothing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Discovery_documents_use_the_tenants_base_url()
    {
        var otherTenant = "d" + Guid.NewGuid().ToString("N")[..12];
        await Factory.CreateTenantAsync(otherTenant);
        using var anonymous = Factory.CreateScimClient(token: null);

        var config = await ExpectAsync(await anonymous.GetAsync($"/scim/{otherTenant}/v2/ServiceProviderConfig"), HttpStatusCode.OK);

        Assert.Equal($"http://localhost/scim/{otherTenant}/v2/ServiceProviderConfig", Str(config["meta"]!["location"]));
    }

    private static IEnumerable<JsonObject> Flatten(JsonArray attributes)
    {
        foreach (var attribute in attributes.Select(a => a!.AsObject()))
        {
            yield return attribute;
            foreach (var sub in Flatten(attribute["subAttributes"] as JsonArray ?? []))
            {
                yield return sub;
            }
        }
    }
}
