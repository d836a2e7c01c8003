namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>What a storage test grain's <c>IPersistentState</c> holds at one moment.</summary>
[GenerateSerializer]
public sealed record StorageTestSnapshot(
    [property: Id(0)] string? Text,
    [property: Id(1)] byte[]? Payload,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] string? ETag);
