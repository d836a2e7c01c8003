namespace ScimOrleans.Storage;

/// <summary>
/// One page of a list request. <see cref="TotalResults"/> is -1 when the query asked not to count.
/// For keyset queries, <see cref="HasMore"/> says whether resources follow this page and
/// <see cref="Last"/> is the position of its last resource (null for an empty page).
/// </summary>
public sealed record QueryResult(int TotalResults, IReadOnlyList<StoredResource> Resources)
{
    public bool HasMore { get; init; }

    public KeysetPosition? Last { get; init; }
}
