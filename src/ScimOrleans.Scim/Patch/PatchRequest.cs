using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Patch;

/// <summary>A parsed <c>PatchOp</c> message (RFC 7644 §3.5.2).</summary>
public sealed record PatchRequest(IReadOnlyList<PatchOperation> Operations)
{
    /// <summary>
    /// Member names and <c>op</c> values are matched case-insensitively: Entra sends
    /// <c>"Add"</c>/<c>"Replace"</c>/<c>"Remove"</c>, some clients send <c>"operations"</c>.
    /// Any structural problem is 400 <c>invalidSyntax</c>.
    /// </summary>
    public static PatchRequest Parse(JsonNode? body)
    {
        if (body is not JsonObject message)
        {
            throw ScimException.InvalidSyntax("A PATCH body must be a JSON object.");
        }

        if (Member(message, "schemas") is not JsonArray schemas
            || !schemas.Any(s => s is JsonValue v && v.TryGetValue<string>(out var urn) && string.Equals(urn, SchemaUrns.PatchOp, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimException.InvalidSyntax($"'schemas' must contain \"{SchemaUrns.PatchOp}\".");
        }

        if (Member(message, "Operations") is not JsonArray { Count: > 0 } operations)
        {
            throw ScimException.InvalidSyntax("'Operations' must be a non-empty array.");
        }

        return new PatchRequest([.. operations.Select((o, i) => ParseOperation(o, i + 1))]);
    }

    private static PatchOperation ParseOperation(JsonNode? node, int number)
    {
        if (node is not JsonObject operation)
        {
            throw ScimException.InvalidSyntax($"Operation {number} must be a JSON object.");
        }

        var opText = Member(operation, "op") is JsonValue op && op.TryGetValue<string>(out var text) ? text.ToLowerInvariant() : null;
        var kind = opText switch
        {
            "add" => PatchOperationKind.Add,
            "replace" => PatchOperationKind.Replace,
            "remove" => PatchOperationKind.Remove,
            _ => throw ScimException.InvalidSyntax($"Operation {number} needs an 'op' of \"add\", \"replace\" or \"remove\"."),
        };

        string? path = null;
        switch (Member(operation, "path"))
        {
            case null:
                break;
            case JsonValue p when p.TryGetValue<string>(out var pathText):
                path = string.IsNullOrWhiteSpace(pathText) ? null : pathText.Trim();
                break;
            default:
                throw ScimException.InvalidSyntax($"Operation {number}: 'path' must be a string.");
        }

        var hasValue = FindMember(operation, "value", out var value);
        if (kind != PatchOperationKind.Remove && !hasValue)
        {
            throw ScimException.InvalidSyntax($"Operation {number}: '{kind.ToString().ToLowerInvariant()}' needs a 'value'.");
        }

        if (kind != PatchOperationKind.Remove && path is null && value is not JsonObject)
        {
            throw ScimException.InvalidSyntax($"Operation {number}: without a 'path', 'value' must be an object of attributes.");
        }

        return new PatchOperation(kind, path, value?.DeepClone());
    }

    private static JsonNode? Member(JsonObject obj, string name) => FindMember(obj, name, out var value) ? value : null;

    private static bool FindMember(JsonObject obj, string name, out JsonNode? value)
    {
        foreach (var (key, node) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = node;
                return true;
            }
        }

        value = null;
        return false;
    }
}
