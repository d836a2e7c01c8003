namespace ScimOrleans.Storage;

/// <summary>
/// A page of the activity log, newest first, optionally narrowed. <see cref="Before"/> is a
/// sequence number to continue from (keyset paging: entries with a smaller sequence).
/// </summary>
public sealed record ActivityQuery(
    int Count = 50,
    long? Before = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? ResourceId = null,
    string? TokenName = null,
    string? Operation = null,
    bool? Succeeded = null);
