using System.Text.Json.Nodes;
using ScimOrleans.Scim.Bulk;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Tests.Bulk;

public sealed class BulkRequestTests
{
    [Fact]
    public void Reads_operations_fail_on_errors_and_references()
    {
        var body = JsonNode.Parse($$$"""
            {"schemas":["{{{BulkJson.Schema}}}"],"failOnErrors":2,"Operations":[
              {{{BulkJson.PostUser("u1", "ada")}}},
              {"method":"patch","path":"/Users/bulkId:u1","version":"W/\"1\"","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"x"}]}},
              {"method":"DELETE","path":"/Groups/g-7"}
            ]}
            """);

        var request = BulkRequest.Parse(body, 10);

        Assert.Equal(2, request.FailOnErrors);
        Assert.Equal(3, request.Operations.Count);
        var post = request.Operations[0];
        Assert.Equal((BulkMethod.Post, "u1", "/Users", (string?)null), (post.Method!.Value, post.BulkId!, post.Target!.Endpoint, post.Target.Id));
        Assert.Null(post.Fault);
        var patch = request.Operations[1];
        Assert.Equal("PATCH", patch.MethodName);
        Assert.Equal("u1", patch.Target!.BulkIdReference);
        Assert.Equal("W/\"1\"", patch.Version);
        Assert.Equal(["u1"], patch.References);
        var delete = request.Operations[2];
        Assert.Equal(("/Groups", "g-7"), (delete.Target!.Endpoint, delete.Target.Id!));
        Assert.Null(delete.Data);
    }

    [Fact]
    public void Member_names_are_case_insensitive()
    {
        var body = JsonNode.Parse($$"""{"Schemas":["{{BulkJson.Schema}}"],"operations":[{"Method":"DELETE","Path":"/Users/1"}]}""");

        var request = BulkRequest.Parse(body, 10);

        Assert.Equal(BulkMethod.Delete, Assert.Single(request.Operations).Method);
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"Operations":[]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":{}}""")]
    public void A_body_that_is_not_a_bulk_request_is_400_invalid_syntax(string json)
    {
        var error = Assert.Throws<ScimException>(() => BulkRequest.Parse(JsonNode.Parse(json), 10));

        Assert.Equal((400, ScimErrorTypes.InvalidSyntax), (error.Status, error.ScimType));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("\"1\"")]
    [InlineData("1.5")]
    public void Fail_on_errors_must_be_a_positive_integer(string value)
    {
        var body = JsonNode.Parse($$"""{"schemas":["{{BulkJson.Schema}}"],"failOnErrors":{{value}},"Operations":[]}""");

        var error = Assert.Throws<ScimException>(() => BulkRequest.Parse(body, 10));

        Assert.Equal((400, ScimErrorTypes.InvalidValue), (error.Status, error.ScimType));
    }

    [Fact]
    public void More_operations_than_max_operations_is_413()
    {
        var body = BulkJson.Request([.. Enumerable.Range(0, 3).Select(i => BulkJson.PostUser($"u{i}", $"user{i}"))]);

        var error = Assert.Throws<ScimException>(() => BulkRequest.Parse(body, 2));

        Assert.Equal(413, error.Status);
        Assert.Contains("maxOperations", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bulk_id_given_to_two_posts_is_400_invalid_value()
    {
        var error = Assert.Throws<ScimException>(() => BulkJson.Parse(BulkJson.PostUser("same", "a"), BulkJson.PostUser("same", "b")));

        Assert.Equal((400, ScimErrorTypes.InvalidValue), (error.Status, error.ScimType));
    }

    [Theory]
    [InlineData("""{"method":"GET","path":"/Users/1"}""", 400, "invalidValue")]
    [InlineData("""{"path":"/Users/1"}""", 400, "invalidValue")]
    [InlineData("""{"method":"POST","path":"/Users","data":{}}""", 400, "invalidValue")]
    [InlineData("""{"method":"POST","path":"/Users/1","bulkId":"x","data":{}}""", 400, "invalidPath")]
    [InlineData("""{"method":"PUT","path":"/Users","data":{}}""", 400, "invalidPath")]
    [InlineData("""{"method":"DELETE","path":"Users/1"}""", 400, "invalidPath")]
    [InlineData("""{"method":"DELETE","path":"/Users/1/x"}""", 400, "invalidPath")]
    [InlineData("""{"method":"DELETE"}""", 400, "invalidPath")]
    [InlineData("""{"method":"PATCH","path":"/Users/1"}""", 400, "invalidSyntax")]
    [InlineData("""{"method":"PUT","path":"/Users/1","data":[1]}""", 400, "invalidSyntax")]
    [InlineData("""42""", 400, "invalidSyntax")]
    public void A_malformed_operation_carries_its_own_error(string operation, int status, string scimType)
    {
        var request = BulkJson.Parse(operation, """{"method":"DELETE","path":"/Users/2"}""");

        var fault = request.Operations[0].Fault;
        Assert.NotNull(fault);
        Assert.Equal((status, scimType), (fault.Status, fault.ScimType!));
        Assert.Null(request.Operations[1].Fault);
    }

    [Fact]
    public void References_in_data_are_found_at_any_depth()
    {
        var request = BulkJson.Parse(
            BulkJson.PostUser("boss", "boss"),
            BulkJson.PostUser("u1", "ada", """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulkId:boss"}} """),
            BulkJson.PostGroup("g", "bulkId:u1", "bulkId:boss", "bulkId:u1"));

        Assert.Equal(["boss"], request.Operations[1].References);
        Assert.Equal(["u1", "boss"], request.Operations[2].References);
    }
}
