namespace ScimOrleans.Abstractions;

/// <summary>
/// One SCIM resource (user or group) of one tenant, keyed by <see cref="ResourceKey"/>. The grain
/// is the only writer of its resource, so concurrent IdP pushes for it are applied one at a time.
/// Bodies cross as JSON text; <c>ifMatch</c> is the raw If-Match header, if any; <c>caller</c>
/// names the token (activity log, domain rule) and the tenant settings version it saw.
/// Reads do not go through the grain: the store answers them.
/// </summary>
public interface IScimResourceGrain : IGrainWithStringKey
{
    Task<ResourceWriteResult> Create(string resourceJson, ScimCaller caller);

    Task<ResourceWriteResult> Replace(string resourceJson, string? ifMatch, ScimCaller caller);

    Task<ResourceWriteResult> Patch(string patchJson, string? ifMatch, ScimCaller caller);

    Task<ResourceWriteResult> Delete(string? ifMatch, ScimCaller caller);
}
