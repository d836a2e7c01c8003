using ScimOrleans.Scim.Bulk;

namespace ScimOrleans.Scim.Tests.Bulk;

public sealed class BulkResponseTests
{
    [Fact]
    public void Lists_results_in_request_order_with_string_status_and_errors_as_response()
    {
        var failedPost = BulkJson.Parse(BulkJson.PostUser("u2", "b")).Operations[0] with { Index = 1 };
        var results = new[]
        {
            BulkOperationResult.Failed(failedPost, BulkFault.InvalidValue("bad")),
            new BulkOperationResult(0, "POST", "u1", 201, "https://h/v2/Users/1", "W/\"1\""),
        };

        var response = BulkResponse.Create(results);

        Assert.Equal("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],"Operations":[{"method":"POST","bulkId":"u1","version":"W/\"1\"","location":"https://h/v2/Users/1","status":"201"},{"method":"POST","bulkId":"u2","status":"400","response":{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue","detail":"bad"}}]}
            """.Trim(), response.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
