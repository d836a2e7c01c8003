using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// The queryable store of SCIM resources. Grains are its only writers (one grain per resource);
/// queries (list, filter, sort, page) are answered here through indexes, never by grains.
/// Every method that returns after a write returns only once the write is durable.
/// </summary>
public interface IResourceStore
{
    /// <summary>Creates the schema if needed; safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>The resource as stored, composed for reading, or null when there is none.</summary>
    Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts a new resource at version 1. The store sets <c>meta</c> (resourceType, created,
    /// lastModified, version). Throws <c>ScimException</c> 409 <c>uniqueness</c> when a unique
    /// value is taken (userName per tenant case-insensitively, externalId per resource type) and
    /// 400 <c>invalidValue</c> when a group member does not exist in the tenant.
    /// </summary>
    Task<StoredResource> CreateAsync(ResourceWrite write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the resource if its stored version is still <paramref name="expectedVersion"/>;
    /// returns null when it is not (the caller's copy is stale) or the resource is gone.
    /// Same uniqueness and member rules as <see cref="CreateAsync"/>.
    /// </summary>
    Task<StoredResource?> ReplaceAsync(ResourceWrite write, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the resource if its stored version is still <paramref name="expectedVersion"/>,
    /// together with its memberships. Returns false on a version mismatch or when it is gone.
    /// </summary>
    Task<bool> DeleteAsync(string tenant, string resourceType, string id, long expectedVersion, ActivityEntry? activity = null, CancellationToken cancellationToken = default);

    /// <summary>Answers a list or search request from indexes and the stored documents.</summary>
    Task<QueryResult> QueryAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken = default);

    /// <summary>displayName and externalId of groups, for group-to-role mapping; unknown ids are left out.</summary>
    Task<IReadOnlyList<GroupIdentity>> GetGroupIdentitiesAsync(string tenant, IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes one attribute (or, with a null name, the whole extension object) of a schema
    /// extension from every user of the tenant that has it, bumping each changed user's version
    /// and lastModified. Returns how many users changed. Used only when an administrator
    /// explicitly purges values of a custom attribute they are removing.
    /// </summary>
    Task<int> RemoveExtensionValuesAsync(string tenant, string schemaUrn, string? attributeName, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry that belongs to no write (a request that failed, a token event).</summary>
    Task AppendActivityAsync(ActivityEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The tenant's activity log, newest first.</summary>
    Task<ActivityPage> QueryActivityAsync(string tenant, ActivityQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tenant's activity entries older than <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeActivityAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken = default);
}
