using System.Text.Json.Nodes;
using ScimOrleans.Scim.Bulk;

namespace ScimOrleans.Scim.Tests.Bulk;

public sealed class BulkReferencesTests
{
    [Theory]
    [InlineData("bulkId:qwerty", new[] { "qwerty" })]
    [InlineData("bulkId:with spaces/and slash", new[] { "with spaces/and slash" })]
    [InlineData("https://example.com/v2/Users/bulkId:ytrewq", new[] { "ytrewq" })]
    [InlineData("/Groups/bulkId:a?attributes=x and bulkId:b, bulkId:a", new[] { "a", "b" })]
    [InlineData("no reference", new string[0])]
    [InlineData("bulkId:", new string[0])]
    [InlineData("prefix bulkId:/x", new string[0])]
    public void Finds_whole_value_and_embedded_references(string text, string[] expected)
    {
        Assert.Equal(expected, BulkReferences.Find(text));
    }

    [Fact]
    public void Resolves_references_in_string_values_only()
    {
        var document = JsonNode.Parse("""
            {"bulkId:key":"kept","members":[{"value":"bulkId:u1","$ref":"https://h/v2/Users/bulkId:u1"},{"value":"bulkId:u2"}],
             "count":3,"nested":{"manager":{"value":"bulkId:u2"}},"text":"see bulkId:u1 and bulkId:u2"}
            """)!.AsObject();
        var ids = new Dictionary<string, string> { ["u1"] = "id-1", ["u2"] = "id-2" };

        var resolved = BulkReferences.Resolve(document, b => ids[b]);

        Assert.Equal("""
            {"bulkId:key":"kept","members":[{"value":"id-1","$ref":"https://h/v2/Users/id-1"},{"value":"id-2"}],"count":3,"nested":{"manager":{"value":"id-2"}},"text":"see id-1 and id-2"}
            """.Trim(), resolved.ToJsonString());
        Assert.Equal("bulkId:u1", document["members"]![0]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/Users", "/Users", null, null)]
    [InlineData("/Users/", "/Users", null, null)]
    [InlineData("/Users/2819c223", "/Users", "2819c223", null)]
    [InlineData("/Groups/bulkId:qwerty", "/Groups", null, "qwerty")]
    [InlineData("/Users/a%2Fb", "/Users", "a/b", null)]
    public void Parses_paths(string path, string endpoint, string? id, string? reference)
    {
        Assert.Equal(new BulkPath(endpoint, id, reference), BulkPath.TryParse(path));
    }

    [Theory]
    [InlineData("Users")]
    [InlineData("/")]
    [InlineData("/Users/1/2")]
    [InlineData("/Users?x=1")]
    [InlineData("//1")]
    public void Refuses_other_paths(string path)
    {
        Assert.Null(BulkPath.TryParse(path));
    }
}
