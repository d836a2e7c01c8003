using System.Globalization;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Errors;

/// <summary>The SCIM error message (RFC 7644 §3.12).</summary>
public static class ScimErrorDocument
{
    public static JsonObject Create(int status, string? scimType, string detail)
    {
        var error = new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrns.Error),
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            error["scimType"] = scimType;
        }

        error["detail"] = detail;
        return error;
    }
}
