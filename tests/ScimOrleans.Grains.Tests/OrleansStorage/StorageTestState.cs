namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>The persisted state of the storage test grains.</summary>
[GenerateSerializer]
public sealed class StorageTestState
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public byte[]? Payload { get; set; }
}
