using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Storage;

/// <summary>
/// A list request after protocol validation: <see cref="StartIndex"/> is 1-based and already
/// clamped to at least 1, <see cref="Count"/> to 0..max (0 asks only for the total).
/// When <see cref="Kind"/> is set, only users of that kind are considered (groups ignore it).
/// Results are ordered by <see cref="SortBy"/> (when given) and then by id, so paging is stable.
/// </summary>
/// <remarks>
/// With <see cref="Keyset"/> the page is the <see cref="Count"/> resources that follow
/// <see cref="After"/> in that order (the first ones when it is null), found by a keyset
/// predicate rather than an OFFSET, so every page costs the same however deep it is;
/// <see cref="StartIndex"/> is then ignored. <see cref="CountTotal"/> false skips the COUNT
/// (the result's total is then -1): cursor paging counts on the first page only.
/// </remarks>
public sealed record ResourceQuery(
    FilterNode? Filter,
    AttributePath? SortBy,
    bool SortDescending,
    int StartIndex,
    int Count,
    string? Kind = null)
{
    /// <summary>Page by position (keyset) instead of by index.</summary>
    public bool Keyset { get; init; }

    /// <summary>With <see cref="Keyset"/>: the position of the last resource already read, or null for the first page.</summary>
    public KeysetPosition? After { get; init; }

    /// <summary>Whether to count every match (<see cref="QueryResult.TotalResults"/>); always done for index paging.</summary>
    public bool CountTotal { get; init; } = true;
}
