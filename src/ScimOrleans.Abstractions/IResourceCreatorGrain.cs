namespace ScimOrleans.Abstractions;

/// <summary>
/// Creates users and groups without activating their grains. A create has no earlier state to
/// order against (its id is new, and the store refuses a taken id or userName), so it need not
/// pass through the resource's single writer; an import of a million users then does not make a
/// million activations that each hold a document until they are collected. Later writes go
/// through the resource's own grain (<see cref="IScimResourceGrain"/>), which reads the stored copy.
/// </summary>
public interface IResourceCreatorGrain : IGrainWithIntegerKey
{
    /// <summary>Creates the resource under <paramref name="resourceKey"/> (<see cref="ResourceKey"/>); <paramref name="resourceType"/> is "User" or "Group".</summary>
    Task<ResourceWriteResult> Create(string resourceKey, string resourceType, string resourceJson, ScimCaller caller);
}
