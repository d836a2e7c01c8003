namespace ScimOrleans.Storage;

/// <summary>A page of activity; <see cref="NextBefore"/> continues after it, null at the end.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Entries, long? NextBefore);
