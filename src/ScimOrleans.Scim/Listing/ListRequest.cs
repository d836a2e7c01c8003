using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Scim.Listing;

/// <summary>
/// A list or search request (RFC 7644 §3.4.2, §3.4.3) after validation: paging already clamped
/// (<see cref="StartIndex"/> ≥ 1, 0 ≤ <see cref="Count"/> ≤ the server maximum).
/// <see cref="Cursor"/> is null for index paging and set (empty for the first page) for cursor
/// paging (RFC 9865 §2); a cursor request has a <see cref="Count"/> of at least 1 and
/// <see cref="StartIndex"/> 1.
/// </summary>
public sealed record ListRequest(
    FilterNode? Filter,
    AttributePath? SortBy,
    bool SortDescending,
    int StartIndex,
    int Count,
    IReadOnlyCollection<string>? Attributes,
    IReadOnlyCollection<string>? ExcludedAttributes,
    string? Cursor = null)
{
    /// <summary>True when the client asked for cursor paging (a <c>cursor</c> parameter, even empty).</summary>
    public bool IsCursorPaging => Cursor is not null;
}
