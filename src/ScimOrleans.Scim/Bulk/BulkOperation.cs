using System.Text.Json.Nodes;

namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// One operation of a BulkRequest as read (RFC 7644 §3.7). An operation that cannot run as
/// written carries its <see cref="Fault"/>: it is answered with that error in its place, so the
/// rest of the request still runs. <see cref="References"/> are the bulkIds it names in its path
/// and data; it runs only after the operations that create them.
/// </summary>
public sealed record BulkOperation(
    int Index,
    string MethodName,
    BulkMethod? Method,
    string? BulkId,
    string? Path,
    BulkPath? Target,
    JsonObject? Data,
    string? Version,
    IReadOnlyList<string> References,
    BulkFault? Fault);
