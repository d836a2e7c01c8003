using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Bulk;

/// <summary>Why one bulk operation failed: its status, <c>scimType</c> and detail, as a value.</summary>
public sealed record BulkFault(int Status, string? ScimType, string Detail)
{
    public static BulkFault From(ScimException exception) => new(exception.Status, exception.ScimType, exception.Detail);

    public static BulkFault InvalidSyntax(string detail) => new(400, ScimErrorTypes.InvalidSyntax, detail);

    public static BulkFault InvalidValue(string detail) => new(400, ScimErrorTypes.InvalidValue, detail);

    public static BulkFault InvalidPath(string detail) => new(400, ScimErrorTypes.InvalidPath, detail);

    /// <summary>RFC 7644 §3.7.1: a reference that cannot be resolved is a 409 (Conflict).</summary>
    public static BulkFault Conflict(string detail) => new(409, null, detail);
}
