using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Silo.Http;

public static class ScimResults
{
    public static ScimJsonResult Json(JsonNode body, int status = StatusCodes.Status200OK, string? etag = null, string? location = null) =>
        new(body, status, etag, location);

    public static ScimJsonResult Error(int status, string? scimType, string detail) =>
        new(ScimErrorDocument.Create(status, scimType, detail), status);

    public static ScimJsonResult Error(ScimFault fault) => Error(fault.Status, fault.ScimType, fault.Detail);

    public static ScimJsonResult Error(ScimException exception) => Error(exception.Status, exception.ScimType, exception.Detail);
}
