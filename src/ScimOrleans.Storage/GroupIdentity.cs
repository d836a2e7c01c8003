namespace ScimOrleans.Storage;

public sealed record GroupIdentity(string Id, string DisplayName, string? ExternalId);
