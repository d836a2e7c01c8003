using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>
/// A resource as read from the store. <see cref="Document"/> is the full SCIM JSON with
/// canonical attribute names and <c>meta</c> (resourceType, created, lastModified, version) but
/// without <c>meta.location</c> or <c>$ref</c> values, which depend on the request's base URL.
/// A user's <c>groups</c> and a group's <c>members</c> are composed from the membership index
/// at read time, each entry with <c>value</c>, <c>display</c> and <c>type</c>. <see cref="Kind"/> is a
/// user's kind (null for groups).
/// </summary>
public sealed record StoredResource(
    string Tenant,
    string ResourceType,
    string Id,
    long Version,
    DateTimeOffset Created,
    DateTimeOffset LastModified,
    JsonObject Document,
    string? Kind = null)
{
    /// <summary>The weak entity tag used for <c>meta.version</c> and the ETag header.</summary>
    public string ETag => ResourceVersion.ToETag(Version);
}
