using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Storage;

/// <summary>
/// A list request after protocol validation: <see cref="StartIndex"/> is 1-based and already
/// clamped to at least 1, <see cref="Count"/> to 0..max (0 asks only for the total).
/// When <see cref="Kind"/> is set, only users of that kind are considered (groups ignore it).
/// Results are ordered by <see cref="SortBy"/> (when given) and then by id, so paging is stable.
/// </summary>
public sealed record ResourceQuery(
    FilterNode? Filter,
    AttributePath? SortBy,
    bool SortDescending,
    int StartIndex,
    int Count,
    string? Kind = null);
