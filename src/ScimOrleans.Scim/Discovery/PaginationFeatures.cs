namespace ScimOrleans.Scim.Discovery;

/// <summary>
/// The <c>pagination</c> object of /ServiceProviderConfig (RFC 9865 §4): which paging methods
/// are supported, the one used when a request names neither <c>startIndex</c> nor <c>cursor</c>
/// ("index" or "cursor"), page sizes, and how many seconds a cursor stays valid.
/// </summary>
public sealed record PaginationFeatures(
    bool Cursor,
    bool Index,
    string? DefaultPaginationMethod,
    int DefaultPageSize,
    int MaxPageSize,
    int CursorTimeoutSeconds);
