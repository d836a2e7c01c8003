using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// The outcome of one bulk operation (RFC 7644 §3.7.3): its status, the resource's location
/// (absent only for a failed POST) and version, and for a failure the SCIM error as its response.
/// </summary>
public sealed record BulkOperationResult(
    int Index,
    string Method,
    string? BulkId,
    int Status,
    string? Location = null,
    string? Version = null,
    JsonObject? Response = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static BulkOperationResult Failed(BulkOperation operation, BulkFault fault, string? location = null) =>
        new(operation.Index, operation.MethodName, operation.BulkId, fault.Status, location, null,
            ScimErrorDocument.Create(fault.Status, fault.ScimType, fault.Detail));
}
