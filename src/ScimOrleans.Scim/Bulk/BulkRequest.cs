using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// A parsed BulkRequest (RFC 7644 §3.7). What makes the whole request unusable is a
/// <see cref="ScimException"/>: not a BulkRequest (400 <c>invalidSyntax</c>), more operations
/// than <c>maxOperations</c> (413, §3.7.4), a bulkId used twice (400 <c>invalidValue</c>: its
/// references would be ambiguous). A problem of one operation is that operation's
/// <see cref="BulkOperation.Fault"/> and leaves the others to run.
/// </summary>
public sealed record BulkRequest(int? FailOnErrors, IReadOnlyList<BulkOperation> Operations)
{
    /// <summary>Member names and methods are matched case-insensitively, like the rest of SCIM.</summary>
    public static BulkRequest Parse(JsonNode? body, int maxOperations)
    {
        if (body is not JsonObject message)
        {
            throw ScimException.InvalidSyntax("A bulk request body must be a JSON object.");
        }

        if (Member(message, "schemas") is not JsonArray schemas
            || !schemas.Any(s => s is JsonValue v && v.TryGetValue<string>(out var urn) && string.Equals(urn, SchemaUrns.BulkRequest, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimException.InvalidSyntax($"'schemas' must contain \"{SchemaUrns.BulkRequest}\".");
        }

        if (Member(message, "Operations") is not JsonArray operations)
        {
            throw ScimException.InvalidSyntax("'Operations' must be an array.");
        }

        if (operations.Count > maxOperations)
        {
            throw new ScimException(413, null,
                $"The bulk request has {operations.Count} operations; maxOperations is {maxOperations}.");
        }

        var failOnErrors = ReadFailOnErrors(Member(message, "failOnErrors"));
        var parsed = operations.Select((o, i) => ParseOperation(o, i)).ToList();
        var duplicate = parsed
            .Where(o => o.Method == BulkMethod.Post && o.BulkId is not null)
            .GroupBy(o => o.BulkId!, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ScimException.InvalidValue(
                $"bulkId '{duplicate.Key}' is given to more than one POST (operations {string.Join(", ", duplicate.Select(o => o.Index + 1))}); bulkIds must be unique within a request.");
        }

        return new BulkRequest(failOnErrors, parsed);
    }

    private static int? ReadFailOnErrors(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var count) && count >= 1)
        {
            return count;
        }

        throw ScimException.InvalidValue("'failOnErrors' must be a positive integer.");
    }

    private static BulkOperation ParseOperation(JsonNode? node, int index)
    {
        var number = (index + 1).ToString(CultureInfo.InvariantCulture);
        if (node is not JsonObject operation)
        {
            return Invalid(index, "", null, null, null, BulkFault.InvalidSyntax($"Operation {number} must be a JSON object."));
        }

        var methodName = Text(operation, "method")?.Trim().ToUpperInvariant() ?? "";
        var bulkId = Text(operation, "bulkId");
        var path = Text(operation, "path");
        var version = Text(operation, "version");
        BulkMethod? method = methodName switch
        {
            "POST" => BulkMethod.Post,
            "PUT" => BulkMethod.Put,
            "PATCH" => BulkMethod.Patch,
            "DELETE" => BulkMethod.Delete,
            _ => null,
        };
        if (method is null)
        {
            return Invalid(index, methodName, method, bulkId, path,
                BulkFault.InvalidValue($"Operation {number} needs a 'method' of POST, PUT, PATCH or DELETE."));
        }

        if (method == BulkMethod.Post && string.IsNullOrEmpty(bulkId))
        {
            return Invalid(index, methodName, method, bulkId, path, BulkFault.InvalidValue($"Operation {number}: a POST needs a 'bulkId'."));
        }

        if (string.IsNullOrWhiteSpace(path) || BulkPath.TryParse(path) is not { } target)
        {
            return Invalid(index, methodName, method, bulkId, path, BulkFault.InvalidPath($"Operation {number} needs a 'path' such as /Users or /Users/{{id}}."));
        }

        if (method == BulkMethod.Post && target.NamesResource)
        {
            return Invalid(index, methodName, method, bulkId, path, BulkFault.InvalidPath($"Operation {number}: a POST's path names a resource endpoint, such as /Users."));
        }

        if (method != BulkMethod.Post && !target.NamesResource)
        {
            return Invalid(index, methodName, method, bulkId, path, BulkFault.InvalidPath($"Operation {number}: a {methodName}'s path names one resource, such as /Users/{{id}}."));
        }

        JsonObject? data = null;
        if (method != BulkMethod.Delete)
        {
            if (Member(operation, "data") is not JsonObject body)
            {
                return Invalid(index, methodName, method, bulkId, path, BulkFault.InvalidSyntax($"Operation {number}: a {methodName} needs 'data' holding a JSON object."));
            }

            data = body;
        }

        var references = new List<string>();
        if (target.BulkIdReference is { } pathReference)
        {
            references.Add(pathReference);
        }

        references.AddRange(BulkReferences.Find(data).Where(r => !references.Contains(r, StringComparer.Ordinal)));
        return new BulkOperation(index, methodName, method, bulkId, path, target, data, version, references, null);
    }

    private static BulkOperation Invalid(int index, string methodName, BulkMethod? method, string? bulkId, string? path, BulkFault fault) =>
        new(index, methodName, method, bulkId, path, null, null, null, [], fault);

    private static string? Text(JsonObject obj, string name) =>
        Member(obj, name) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Member(JsonObject obj, string name)
    {
        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
