using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Tests;

/// <summary>
/// JSON fixtures written with single quotes, so table rows stay readable; a backtick stands for
/// an escaped double quote inside a JSON string (filters in PATCH paths).
/// </summary>
internal static class TestJson
{
    public static JsonObject Obj(string singleQuoted) => Node(singleQuoted)!.AsObject();

    public static JsonNode? Node(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace("`", "\\\"").Replace('\'', '"'));

    public static void Same(string expectedSingleQuoted, JsonNode? actual)
    {
        var expected = Node(expectedSingleQuoted);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString()}\nActual   {actual?.ToJsonString()}");
    }

    public static ScimException Fails(Action action, string scimType, int status = 400)
    {
        var error = Assert.Throws<ScimException>(action);
        Assert.Equal(status, error.Status);
        Assert.Equal(scimType, error.ScimType);
        return error;
    }
}
