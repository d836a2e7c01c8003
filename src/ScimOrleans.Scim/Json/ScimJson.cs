using System.Text.Json;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Json;

/// <summary>
/// Parses request bodies: anything that is not JSON is a 400 <c>invalidSyntax</c>. Duplicate
/// keys are refused up front; otherwise JsonNode would only notice them on first access, far
/// from here, as an ArgumentException.
/// </summary>
public static class ScimJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static JsonNode Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Options)
                ?? throw ScimException.InvalidSyntax("The request body is empty or null.");
        }
        catch (JsonException e)
        {
            throw ScimException.InvalidSyntax($"The request body is not valid JSON: {e.Message}");
        }
    }

    public static JsonObject ParseObject(string json) =>
        Parse(json) as JsonObject ?? throw ScimException.InvalidSyntax("The request body must be a JSON object.");
}
