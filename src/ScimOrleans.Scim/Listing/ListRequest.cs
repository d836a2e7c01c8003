using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Scim.Listing;

/// <summary>
/// A list or search request (RFC 7644 §3.4.2, §3.4.3) after validation: paging already clamped
/// (<see cref="StartIndex"/> ≥ 1, 0 ≤ <see cref="Count"/> ≤ the server maximum).
/// </summary>
public sealed record ListRequest(
    FilterNode? Filter,
    AttributePath? SortBy,
    bool SortDescending,
    int StartIndex,
    int Count,
    IReadOnlyCollection<string>? Attributes,
    IReadOnlyCollection<string>? ExcludedAttributes);
