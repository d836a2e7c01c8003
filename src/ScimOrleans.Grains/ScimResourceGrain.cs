using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Patch;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains;

/// <summary>
/// The single writer of one SCIM resource. It keeps the last stored copy to validate and patch
/// against, and writes through the resource store with an optimistic version check: the store
/// can move a resource on without the grain (a deleted user's groups lose a member), and then
/// the check fails, the grain reloads and applies the request again to the fresh copy.
/// </summary>
public abstract class ScimResourceGrain(IResourceStore store) : Grain, IScimResourceGrain
{
    private const int MaxAttempts = 3;

    private StoredResource? _current;
    private bool _loaded;

    protected abstract ResourceSchema Schema { get; }

    private (string Tenant, string Id) Key => ResourceKey.Parse(this.GetPrimaryKeyString());

    public Task<ResourceWriteResult> Create(string resourceJson) => Guarded(async () =>
    {
        var document = ResourceValidator.PrepareForCreate(JsonBody.ParseObject(resourceJson), Schema);
        if (await LoadAsync(reload: false) is not null)
        {
            throw ScimException.Uniqueness($"A {Schema.Name} with this id already exists.");
        }

        var (tenant, id) = Key;
        _current = await store.CreateAsync(new ResourceWrite(tenant, Schema.Name, id, document));
        return ResourceWriteResult.Ok(Snapshot(_current));
    });

    public Task<ResourceWriteResult> Replace(string resourceJson, string? ifMatch) => Guarded(() =>
    {
        var input = JsonBody.ParseObject(resourceJson);
        return WriteAsync(ifMatch, current => ResourceValidator.PrepareForReplace(input, current.Document, Schema));
    });

    public Task<ResourceWriteResult> Patch(string patchJson, string? ifMatch) => Guarded(() =>
    {
        var request = PatchRequest.Parse(JsonBody.Parse(patchJson));
        return WriteAsync(ifMatch, current =>
        {
            var result = PatchEngine.Apply(current.Document, request, Schema);
            return result.Changed ? result.Document : null;
        });
    });

    public Task<ResourceWriteResult> Delete(string? ifMatch) => Guarded(async () =>
    {
        var (tenant, id) = Key;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await CurrentMatchingAsync(ifMatch, attempt);
            if (current is null)
            {
                continue;
            }

            if (await store.DeleteAsync(tenant, Schema.Name, id, current.Version))
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
    private async Task<ResourceWriteResult> WriteAsync(string? ifMatch, Func<StoredResource, JsonObject?> change)
    {
        var (tenant, id) = Key;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await CurrentMatchingAsync(ifMatch, attempt);
            if (current is null)
            {
                continue;
            }

            var document = change(current);
            if (document is null)
            {
                return ResourceWriteResult.Ok(Snapshot(current));
            }

            var stored = await store.ReplaceAsync(new ResourceWrite(tenant, Schema.Name, id, document), current.Version);
            if (stored is not null)
            {
                _current = stored;
                return ResourceWriteResult.Ok(Snapshot(stored));
            }
        }

        throw ConcurrentWriters();
    }

    /// <summary>
    /// The current copy if it satisfies If-Match; null asks the caller to try again with a reload.
    /// A mismatch on the cached copy is checked once more against the store before it is a 412.
    /// </summary>
    private async Task<StoredResource?> CurrentMatchingAsync(string? ifMatch, int attempt)
    {
        var current = await LoadAsync(reload: attempt > 0)
            ?? throw ScimException.NotFound($"{Schema.Name} {Key.Id} not found.");
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
            _current = await store.GetAsync(tenant, Schema.Name, id);
            _loaded = true;
        }

        return _current;
    }

    private static ResourceSnapshot Snapshot(StoredResource resource) =>
        new(resource.Document.ToJsonString(), resource.Version);

    private ScimException ConcurrentWriters() =>
        new(409, null, $"{Schema.Name} {Key.Id} kept changing while this request was applied; retry it.");

    private static async Task<ResourceWriteResult> Guarded(Func<Task<ResourceWriteResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ScimException e)
        {
            return ResourceWriteResult.Failed(new ScimFault(e.Status, e.ScimType, e.Detail));
        }
    }
}
