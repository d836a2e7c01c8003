using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Policies;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Json;
using ScimOrleans.Scim.Patch;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Resources;

/// <summary>
/// The single writer of one SCIM resource. It keeps the last stored copy to validate and patch
/// against, and writes through the resource store with an optimistic version check: the store
/// can move a resource on without the grain (a deleted user's groups lose a member), and then
/// the check fails, the grain reloads and applies the request again to the fresh copy.
/// Every write, and every refused one, leaves an entry in the tenant's activity log.
/// </summary>
public abstract class ScimResourceGrain(IResourceStore store, TenantSettingsCache tenants, TimeProvider time)
    : Grain, IScimResourceGrain
{
    private const int MaxAttempts = 3;

    private StoredResource? _current;
    private bool _loaded;

    protected abstract string ResourceType { get; }

    private bool IsUser => ResourceType == ResourceTypeNames.User;

    private (string Tenant, string Id) Key => ResourceKey.Parse(this.GetPrimaryKeyString());

    public Task<ResourceWriteResult> Create(string resourceJson, ScimCaller caller) => Guarded("POST", caller, async tenant =>
    {
        var schema = tenant.SchemaFor(ResourceType);
        var document = ResourceValidator.PrepareForCreate(ScimJson.ParseObject(resourceJson), schema);
        EnforceDomain(document, caller);

        // No read first: ids are fresh GUIDs, and the store's primary key refuses a taken one.
        var (tenantId, id) = Key;
        var changes = ChangeSummary.Between(null, document, schema);
        ChangeSummary.NotePassword(changes, resourceJson);
        var kind = IsUser ? caller.AdministratorKind ?? tenant.Settings.ScimUserKind : null;
        try
        {
            _current = await store.CreateAsync(new ResourceWrite(tenantId, ResourceType, id, document, kind,
                Activity(caller, "POST", 201, id, changes)));
            _loaded = true;
        }
        catch (ScimException e) when (e.ScimType == ScimErrorTypes.Uniqueness && ReactivatesDuplicates(tenant, caller))
        {
            if (await ReactivateExistingAsync(tenant, document, caller) is { } reactivated)
            {
                return reactivated;
            }

            throw;
        }

        return ResourceWriteResult.Ok(Snapshot(_current));
    });

    public Task<ResourceWriteResult> Replace(string resourceJson, string? ifMatch, ScimCaller caller) => Guarded("PUT", caller, tenant =>
    {
        var input = ScimJson.ParseObject(resourceJson);
        var schema = tenant.SchemaFor(ResourceType);
        return WriteAsync(tenant, ifMatch, caller, "PUT", resourceJson,
            current => ResourceValidator.PrepareForReplace(input, current.Document, schema));
    });

    public Task<ResourceWriteResult> Patch(string patchJson, string? ifMatch, ScimCaller caller) => Guarded("PATCH", caller, tenant =>
    {
        var request = PatchRequest.Parse(ScimJson.Parse(patchJson));
        var schema = tenant.SchemaFor(ResourceType);
        return WriteAsync(tenant, ifMatch, caller, "PATCH", patchJson, current =>
        {
            var result = PatchEngine.Apply(current.Document, request, schema);
            return result.Changed ? result.Document : null;
        });
    });

    public Task<ResourceWriteResult> Delete(string? ifMatch, ScimCaller caller) => Guarded("DELETE", caller, async tenant =>
    {
        var (tenantId, id) = Key;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await CurrentMatchingAsync(tenant, caller, ifMatch, attempt);
            if (current is null)
            {
                continue;
            }

            EnforceDomain(current.Document, caller);
            var changes = ChangeSummary.Between(current.Document, null, tenant.SchemaFor(ResourceType));
            if (await store.DeleteAsync(tenantId, ResourceType, id, current.Version, Activity(caller, "DELETE", 204, id, changes)))
            {
                _current = null;
                DeactivateOnIdle();
                return ResourceWriteResult.Deleted;
            }
        }

        throw ConcurrentWriters();
    });

    /// <summary>
    /// Applies <paramref name="change"/> to the current copy and stores the result; a change that
    /// returns null altered nothing, so the version stays as it is.
    /// </summary>
    private async Task<ResourceWriteResult> WriteAsync(
        TenantContext tenant, string? ifMatch, ScimCaller caller, string operation, string requestBody, Func<StoredResource, JsonObject?> change)
    {
        var schema = tenant.SchemaFor(ResourceType);
        var (tenantId, id) = Key;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await CurrentMatchingAsync(tenant, caller, ifMatch, attempt);
            if (current is null)
            {
                continue;
            }

            EnforceDomain(current.Document, caller);
            var document = change(current);
            if (document is null)
            {
                return ResourceWriteResult.Ok(Snapshot(current));
            }

            EnforceDomain(document, caller);
            var changes = ChangeSummary.Between(current.Document, document, schema);
            ChangeSummary.NotePassword(changes, requestBody);
            var write = new ResourceWrite(tenantId, ResourceType, id, document, current.Kind,
                Activity(caller, operation, 200, id, changes));
            var stored = await store.ReplaceAsync(write, current.Version);
            if (stored is not null)
            {
                _current = stored;
                return ResourceWriteResult.Ok(Snapshot(stored));
            }
        }

        throw ConcurrentWriters();
    }

    /// <summary>
    /// Skilljar's returning user: a POST of a userName or externalId that exists updates and
    /// reactivates that account (through its own grain) instead of failing; null when the
    /// clash is with a user SCIM may not touch.
    /// </summary>
    private async Task<ResourceWriteResult?> ReactivateExistingAsync(TenantContext tenant, JsonObject document, ScimCaller caller)
    {
        var existing = await FindExistingUserAsync(tenant, document);
        if (existing is null)
        {
            return null;
        }

        var body = (JsonObject)document.DeepClone();
        body["active"] ??= true;
        var grain = GrainFactory.GetGrain<IUserGrain>(ResourceKey.For(Key.Tenant, existing));
        DeactivateOnIdle();
        return await grain.Replace(body.ToJsonString(), null, caller with { Operation = "POST (reactivated)" });
    }

    private async Task<string?> FindExistingUserAsync(TenantContext tenant, JsonObject document)
    {
        foreach (var attribute in new[] { "userName", "externalId" })
        {
            if (document[attribute]?.GetValue<string>() is not { } value)
            {
                continue;
            }

            var filter = new Scim.Filters.ComparisonFilter(new Scim.Filters.AttributePath(null, attribute, null), Scim.Filters.ComparisonOperator.Equal, value);
            var found = await store.QueryAsync(Key.Tenant, tenant.UserSchema,
                new ResourceQuery(filter, null, false, 1, 1, tenant.Settings.ScimUserKind));
            if (found.Resources.Count > 0)
            {
                return found.Resources[0].Id;
            }
        }

        return null;
    }

    /// <summary>
    /// The current copy if it satisfies If-Match; null asks the caller to try again with a reload.
    /// A mismatch on the cached copy is checked once more against the store before it is a 412.
    /// A user of a kind the caller may not manage does not exist for it.
    /// </summary>
    private async Task<StoredResource?> CurrentMatchingAsync(TenantContext tenant, ScimCaller caller, string? ifMatch, int attempt)
    {
        var current = await LoadAsync(reload: attempt > 0);
        if (current is null || (IsUser && !caller.IsAdministrator && current.Kind != tenant.Settings.ScimUserKind))
        {
            throw ScimException.NotFound($"{ResourceType} {Key.Id} not found.");
        }

        if (ResourceVersion.Matches(ifMatch, current.Version))
        {
            return current;
        }

        return attempt == 0
            ? null
            : throw ScimException.PreconditionFailed($"If-Match {ifMatch} does not match the current version {current.ETag}.");
    }

    private async Task<StoredResource?> LoadAsync(bool reload)
    {
        if (!_loaded || reload)
        {
            var (tenant, id) = Key;
            _current = await store.GetAsync(tenant, ResourceType, id);
            _loaded = true;
        }

        return _current;
    }

    private void EnforceDomain(JsonObject document, ScimCaller caller)
    {
        if (IsUser)
        {
            DomainPolicy.Enforce(document, caller.Domain);
        }
    }

    private bool ReactivatesDuplicates(TenantContext tenant, ScimCaller caller) =>
        IsUser && !caller.IsAdministrator && tenant.Settings.DuplicateUserPolicy == DuplicateUserPolicy.Reactivate;

    private async Task<TenantContext> ContextAsync(ScimCaller caller)
    {
        var tenant = await tenants.GetAsync(Key.Tenant, caller.SettingsVersion);
        if (ResourceType == ResourceTypeNames.Group && !tenant.Settings.GroupsEnabled)
        {
            throw new ScimException(403, null, "Group provisioning is switched off for this tenant.");
        }

        return tenant;
    }

    private ActivityEntry Activity(ScimCaller caller, string operation, int status, string? resourceId, JsonObject? changes, ScimException? error = null) =>
        new(Key.Tenant, time.GetUtcNow(), caller.TokenId, caller.TokenName, caller.Operation ?? operation, ResourceType,
            resourceId, status, error?.ScimType, error?.Detail, changes);

    private static ResourceSnapshot Snapshot(StoredResource resource) =>
        new(resource.Document.ToJsonString(), resource.Version);

    private ScimException ConcurrentWriters() =>
        new(409, null, $"{ResourceType} {Key.Id} kept changing while this request was applied; retry it.");

    private async Task<ResourceWriteResult> Guarded(string operation, ScimCaller caller, Func<TenantContext, Task<ResourceWriteResult>> action)
    {
        try
        {
            return await action(await ContextAsync(caller));
        }
        catch (ScimException e)
        {
            var resourceId = operation == "POST" ? null : Key.Id;
            await store.AppendActivityAsync(Activity(caller, operation, e.Status, resourceId, null, e));
            if (_current is null)
            {
                DeactivateOnIdle();
            }

            return ResourceWriteResult.Failed(new ScimFault(e.Status, e.ScimType, e.Detail));
        }
    }
}
