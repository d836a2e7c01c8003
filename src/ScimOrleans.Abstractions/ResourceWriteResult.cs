namespace ScimOrleans.Abstractions;

/// <summary>The outcome of a write on a resource grain: the resource, or a fault, or neither for a delete.</summary>
[GenerateSerializer, Immutable]
public sealed record ResourceWriteResult(
    [property: Id(0)] ResourceSnapshot? Resource,
    [property: Id(1)] ScimFault? Fault)
{
    public static readonly ResourceWriteResult Deleted = new(null, null);

    public static ResourceWriteResult Ok(ResourceSnapshot resource) => new(resource, null);

    public static ResourceWriteResult Failed(ScimFault fault) => new(null, fault);
}
