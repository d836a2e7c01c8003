using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Policies;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Json;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Resources;

/// <summary>
/// One resource's identity and the rules every write to it follows: the tenant's settings as the
/// caller's token saw them, the token's domain, the activity entry of each outcome, and creation.
/// Shared by the resource's own grain and by <see cref="ResourceCreatorGrain"/>, which creates
/// resources without activating their grains.
/// </summary>
internal sealed class ResourceScope(
    IResourceStore store, TenantSettingsCache tenants, TimeProvider time, IGrainFactory grains, string tenant, string resourceType, string id)
{
    public string Tenant => tenant;

    public string ResourceType => resourceType;

    public string Id => id;

    public bool IsUser => resourceType == ResourceTypeNames.User;

    /// <summary>
    /// Creates the resource; the stored copy comes back with the answer, or null when it was refused
    /// (or, under the duplicate-user policy, another user was updated instead).
    /// </summary>
    public async Task<(ResourceWriteResult Result, StoredResource? Stored)> CreateAsync(string resourceJson, ScimCaller caller)
    {
        StoredResource? stored = null;
        var result = await GuardedAsync("POST", caller, async context =>
        {
            var schema = context.SchemaFor(resourceType);
            var document = ResourceValidator.PrepareForCreate(ScimJson.ParseObject(resourceJson), schema);
            EnforceDomain(document, caller);

            // No read first: ids are fresh GUIDs, and the store's primary key refuses a taken one.
            var changes = ChangeSummary.Between(null, document, schema);
            ChangeSummary.NotePassword(changes, resourceJson);
            var kind = IsUser ? caller.AdministratorKind ?? context.Settings.ScimUserKind : null;
            try
            {
                stored = await store.CreateAsync(new ResourceWrite(tenant, resourceType, id, document, kind,
                    Activity(caller, "POST", 201, id, changes)));
            }
            catch (ScimException e) when (e.ScimType == ScimErrorTypes.Uniqueness && ReactivatesDuplicates(context, caller))
            {
                if (await ReactivateExistingAsync(context, document, caller) is { } reactivated)
                {
                    return reactivated;
                }

                throw;
            }

            return ResourceWriteResult.Ok(Snapshot(stored));
        });
        return (result, stored);
    }

    /// <summary>Runs a write; a SCIM error becomes the answer and leaves its activity entry.</summary>
    public async Task<ResourceWriteResult> GuardedAsync(string operation, ScimCaller caller, Func<TenantContext, Task<ResourceWriteResult>> action)
    {
        try
        {
            return await action(await ContextAsync(caller));
        }
        catch (ScimException e)
        {
            var resourceId = operation == "POST" ? null : id;
            await store.AppendActivityAsync(Activity(caller, operation, e.Status, resourceId, null, e));
            return ResourceWriteResult.Failed(new ScimFault(e.Status, e.ScimType, e.Detail));
        }
    }

    public void EnforceDomain(JsonObject document, ScimCaller caller)
    {
        if (IsUser)
        {
            DomainPolicy.Enforce(document, caller.Domain);
        }
    }

    public ActivityEntry Activity(ScimCaller caller, string operation, int status, string? resourceId, JsonObject? changes, ScimException? error = null) =>
        new(tenant, time.GetUtcNow(), caller.TokenId, caller.TokenName, caller.Operation ?? operation, resourceType,
            resourceId, status, error?.ScimType, error?.Detail, changes);

    public static ResourceSnapshot Snapshot(StoredResource resource) =>
        new(resource.Document.ToJsonString(), resource.Version);

    private async Task<TenantContext> ContextAsync(ScimCaller caller)
    {
        var context = await tenants.GetAsync(tenant, caller.SettingsVersion);
        if (resourceType == ResourceTypeNames.Group && !context.Settings.GroupsEnabled)
        {
            throw new ScimException(403, null, "Group provisioning is switched off for this tenant.");
        }

        return context;
    }

    private bool ReactivatesDuplicates(TenantContext context, ScimCaller caller) =>
        IsUser && !caller.IsAdministrator && context.Settings.DuplicateUserPolicy == DuplicateUserPolicy.Reactivate;

    /// <summary>
    /// Skilljar's returning user: a POST of a userName or externalId that exists updates and
    /// reactivates that account (through its own grain) instead of failing; null when the
    /// clash is with a user SCIM may not touch.
    /// </summary>
    private async Task<ResourceWriteResult?> ReactivateExistingAsync(TenantContext context, JsonObject document, ScimCaller caller)
    {
        var existing = await FindExistingUserAsync(context, document);
        if (existing is null)
        {
            return null;
        }

        var body = (JsonObject)document.DeepClone();
        body["active"] ??= true;
        var grain = grains.GetGrain<IUserGrain>(ResourceKey.For(tenant, existing));
        return await grain.Replace(body.ToJsonString(), null, caller with { Operation = "POST (reactivated)" });
    }

    private async Task<string?> FindExistingUserAsync(TenantContext context, JsonObject document)
    {
        foreach (var attribute in new[] { "userName", "externalId" })
        {
            if (document[attribute]?.GetValue<string>() is not { } value)
            {
                continue;
            }

            var filter = new ComparisonFilter(new AttributePath(null, attribute, null), ComparisonOperator.Equal, value);
            var found = await store.QueryAsync(tenant, context.UserSchema,
                new ResourceQuery(filter, null, false, 1, 1, context.Settings.ScimUserKind));
            if (found.Resources.Count > 0)
            {
                return found.Resources[0].Id;
            }
        }

        return null;
    }
}
