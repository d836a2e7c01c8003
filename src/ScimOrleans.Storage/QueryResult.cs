namespace ScimOrleans.Storage;

public sealed record QueryResult(int TotalResults, IReadOnlyList<StoredResource> Resources);
