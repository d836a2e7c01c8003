namespace ScimOrleans.Scim.Errors;

/// <summary>
/// A protocol error that becomes a SCIM error document (RFC 7644 §3.12). The protocol library
/// raises it; the host turns it into a response in one place.
/// </summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;

    public string Detail => Message;

    public static ScimException BadRequest(string scimType, string detail) => new(400, scimType, detail);

    public static ScimException InvalidFilter(string detail) => new(400, ScimErrorTypes.InvalidFilter, detail);

    public static ScimException InvalidSyntax(string detail) => new(400, ScimErrorTypes.InvalidSyntax, detail);

    public static ScimException InvalidPath(string detail) => new(400, ScimErrorTypes.InvalidPath, detail);

    public static ScimException InvalidValue(string detail) => new(400, ScimErrorTypes.InvalidValue, detail);

    public static ScimException NoTarget(string detail) => new(400, ScimErrorTypes.NoTarget, detail);

    public static ScimException Mutability(string detail) => new(400, ScimErrorTypes.Mutability, detail);

    public static ScimException Uniqueness(string detail) => new(409, ScimErrorTypes.Uniqueness, detail);

    public static ScimException NotFound(string detail) => new(404, null, detail);

    public static ScimException PreconditionFailed(string detail) => new(412, null, detail);
}
