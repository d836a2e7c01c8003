using System.Text.Json.Nodes;
using Orleans.Concurrency;
using ScimOrleans.Abstractions;
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
/// the check fails, the grain reloads and applies the requests again to the fresh copy.
/// PUTs and PATCHes that arrive while a write is in flight are applied in order to the copy in
/// memory and then stored together in one write, each still answered only once that write is
/// durable: many clients patching one user cost one store round trip per batch, not per request.
/// The grain is reentrant for that reason; between awaits its state is only touched by one turn.
/// Every write, and every refused one, leaves an entry in the tenant's activity log.
/// </summary>
[Reentrant]
public abstract class ScimResourceGrain(IResourceStore store, TenantSettingsCache tenants, TimeProvider time)
    : Grain, IScimResourceGrain
{
    private const int MaxAttempts = 3;

    // Bounds one write's transaction and activity entries; a longer queue takes several writes.
    private const int MaxChangesPerWrite = 256;

    private readonly List<QueuedChange> _queue = [];
    private StoredResource? _current;
    private bool _loaded;
    private Task<StoredResource?>? _loading;

    // The document after every accepted change, written or not; null when nothing is pending.
    private JsonObject? _tip;
    private bool _writing;

    // After a combined write is refused, its changes are written one at a time so each gets its own answer.
    private int _writeAlone;
    private TaskCompletionSource? _settled;
    private ResourceScope? _scope;

    protected abstract string ResourceType { get; }

    private bool IsUser => Scope.IsUser;

    private (string Tenant, string Id) Key => ResourceKey.Parse(this.GetPrimaryKeyString());

    public async Task<ResourceWriteResult> Create(string resourceJson, ScimCaller caller)
    {
        await SettledAsync();
        var (result, stored) = await Scope.CreateAsync(resourceJson, caller);
        if (stored is not null)
        {
            _current = stored;
            _loaded = true;
        }
        else if (_current is null)
        {
            DeactivateOnIdle();
        }

        return result;
    }

    public Task<ResourceWriteResult> Replace(string resourceJson, string? ifMatch, ScimCaller caller) => Guarded("PUT", caller, tenant =>
    {
        var input = ScimJson.ParseObject(resourceJson);
        var schema = tenant.SchemaFor(ResourceType);
        return EnqueueAsync(new QueuedChange(tenant, caller, "PUT", resourceJson, ifMatch,
            current => ResourceValidator.PrepareForReplace(input, current, schema)));
    });

    public Task<ResourceWriteResult> Patch(string patchJson, string? ifMatch, ScimCaller caller) => Guarded("PATCH", caller, tenant =>
    {
        var request = PatchRequest.Parse(ScimJson.Parse(patchJson));
        var schema = tenant.SchemaFor(ResourceType);
        return EnqueueAsync(new QueuedChange(tenant, caller, "PATCH", patchJson, ifMatch, current =>
        {
            var result = PatchEngine.Apply(current, request, schema);
            return result.Changed ? result.Document : null;
        }));
    });

    public Task<ResourceWriteResult> Delete(string? ifMatch, ScimCaller caller) => Guarded("DELETE", caller, async tenant =>
    {
        await SettledAsync();
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
    /// Applies <paramref name="change"/> on top of every change accepted before it and queues it
    /// for the next write. A change that alters nothing while nothing is pending is answered at once.
    /// </summary>
    private async Task<ResourceWriteResult> EnqueueAsync(QueuedChange change)
    {
        if (change.IfMatch is null)
        {
            await LoadAsync(reload: false);
        }
        else
        {
            // A precondition names a version a client has been shown, which only a settled copy has.
            for (var attempt = 0; ; attempt = Math.Min(attempt + 1, 1))
            {
                await SettledAsync();
                if (await CurrentMatchingAsync(change.Tenant, change.Caller, change.IfMatch, attempt) is not null && IsSettled)
                {
                    break;
                }
            }
        }

        // From here to the queue nothing awaits, so no other request can slip in between.
        var current = Manageable(_current, change.Tenant, change.Caller);
        ApplyChecked(change, _tip ?? current.Document);
        if (!change.Changed && IsSettled)
        {
            return ResourceWriteResult.Ok(Snapshot(current));
        }

        _queue.Add(change);
        _tip = change.After;
        if (!_writing)
        {
            _ = DrainAsync();
        }

        return await change.Answer;
    }

    private bool IsSettled => !_writing && _queue.Count == 0;

    private Task SettledAsync()
    {
        if (IsSettled)
        {
            return Task.CompletedTask;
        }

        _settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _settled.Task;
    }

    /// <summary>Writes queued changes, as many at a time as are waiting, until the queue is empty.</summary>
    private async Task DrainAsync()
    {
        _writing = true;
        try
        {
            while (_queue.Count > 0)
            {
                var take = _writeAlone > 0 ? 1 : Math.Min(_queue.Count, MaxChangesPerWrite);
                _writeAlone = Math.Max(0, _writeAlone - 1);
                var batch = _queue.GetRange(0, take);
                _queue.RemoveRange(0, take);
                try
                {
                    await WriteAsync(batch);
                }
                catch (Exception failure)
                {
                    // Nobody awaits this loop: whatever went wrong must reach the waiting callers.
                    FailAll(batch, failure);
                    FailAll(_queue, failure);
                    _queue.Clear();
                    _loaded = false;
                }
            }
        }
        finally
        {
            _writing = false;
            _tip = null;
            _settled?.TrySetResult();
            _settled = null;
        }
    }

    private async Task WriteAsync(List<QueuedChange> batch)
    {
        var current = _current;
        if (current is null)
        {
            FailAll(batch, ScimException.NotFound($"{ResourceType} {Key.Id} not found."));
            return;
        }

        var activity = batch.Where(change => change.Changed).Select(ActivityOf).ToArray();
        if (activity.Length == 0)
        {
            SucceedAll(batch, Snapshot(current));
            return;
        }

        var (tenantId, id) = Key;
        StoredResource? stored;
        try
        {
            stored = await store.ReplaceAsync(new ResourceWrite(tenantId, ResourceType, id, batch[^1].After, current.Kind, activity), current.Version);
        }
        catch (ScimException) when (batch.Count > 1)
        {
            // One of them was refused (a userName taken, say), and the store cannot say which.
            _queue.InsertRange(0, batch);
            _writeAlone = batch.Count;
            return;
        }
        catch (ScimException refused)
        {
            batch[0].Fail(refused);
            Reapply();
            return;
        }
        catch (Exception failure)
        {
            // Whether the write landed is unknown: its callers get the failure, the rest start from a fresh copy.
            FailAll(batch, failure);
            await ReloadAndReapplyAsync();
            return;
        }

        if (stored is null)
        {
            foreach (var change in batch)
            {
                change.StaleWrites++;
            }

            _queue.InsertRange(0, batch);
            await ReloadAndReapplyAsync();
            return;
        }

        _current = stored;
        SucceedAll(batch, Snapshot(stored));
    }

    private async Task ReloadAndReapplyAsync()
    {
        try
        {
            var (tenant, id) = Key;
            _current = await store.GetAsync(tenant, ResourceType, id);
            _loaded = true;
        }
        catch (Exception failure)
        {
            FailAll(_queue, failure);
            _queue.Clear();
            _loaded = false;
            return;
        }

        Reapply();
    }

    /// <summary>Applies the queued changes again, in order, on the stored copy; those that no longer apply are answered with why.</summary>
    private void Reapply()
    {
        var queued = _queue.ToList();
        _queue.Clear();
        _tip = null;
        foreach (var change in queued)
        {
            try
            {
                if (change.StaleWrites >= MaxAttempts)
                {
                    throw ConcurrentWriters();
                }

                var current = Manageable(_current, change.Tenant, change.Caller);
                if (change.IfMatch is not null && (_tip is not null || !ResourceVersion.Matches(change.IfMatch, current.Version)))
                {
                    throw ScimException.PreconditionFailed($"If-Match {change.IfMatch} does not match the current version {current.ETag}.");
                }

                ApplyChecked(change, _tip ?? current.Document);
            }
            catch (ScimException e)
            {
                change.Fail(e);
                continue;
            }

            _queue.Add(change);
            _tip = change.After;
        }
    }

    private void ApplyChecked(QueuedChange change, JsonObject before)
    {
        EnforceDomain(before, change.Caller);
        change.ApplyTo(before);
        EnforceDomain(change.After, change.Caller);
    }

    private ActivityEntry ActivityOf(QueuedChange change)
    {
        var changes = ChangeSummary.Between(change.Before, change.After, change.Tenant.SchemaFor(ResourceType));
        ChangeSummary.NotePassword(changes, change.RequestBody);
        return Activity(change.Caller, change.Operation, 200, Key.Id, changes);
    }

    private static void SucceedAll(IEnumerable<QueuedChange> changes, ResourceSnapshot snapshot)
    {
        foreach (var change in changes)
        {
            change.Succeed(snapshot);
        }
    }

    private static void FailAll(IEnumerable<QueuedChange> changes, Exception failure)
    {
        foreach (var change in changes)
        {
            change.Fail(failure);
        }
    }

    /// <summary>
    /// The current copy if it satisfies If-Match; null asks the caller to try again with a reload.
    /// A mismatch on the cached copy is checked once more against the store before it is a 412.
    /// </summary>
    private async Task<StoredResource?> CurrentMatchingAsync(TenantContext tenant, ScimCaller caller, string? ifMatch, int attempt)
    {
        var current = Manageable(await LoadAsync(reload: attempt > 0), tenant, caller);
        if (ResourceVersion.Matches(ifMatch, current.Version))
        {
            return current;
        }

        return attempt == 0
            ? null
            : throw ScimException.PreconditionFailed($"If-Match {ifMatch} does not match the current version {current.ETag}.");
    }

    /// <summary>A user of a kind the caller may not manage does not exist for it.</summary>
    private StoredResource Manageable(StoredResource? current, TenantContext tenant, ScimCaller caller) =>
        current is null || (IsUser && !caller.IsAdministrator && current.Kind != tenant.Settings.ScimUserKind)
            ? throw ScimException.NotFound($"{ResourceType} {Key.Id} not found.")
            : current;

    /// <summary>
    /// The stored copy, read once; concurrent requests share one read. A read that overlaps a
    /// queued write is returned but not kept: the copy the queue builds on is the writer's to set,
    /// and an older or newer copy slipped under it would mix documents.
    /// </summary>
    private Task<StoredResource?> LoadAsync(bool reload)
    {
        if (_loaded && !reload)
        {
            return Task.FromResult(_current);
        }

        if (_loading is null || _loading.IsCompleted)
        {
            _loading = ReadAsync();
        }

        return _loading;

        async Task<StoredResource?> ReadAsync()
        {
            var (tenant, id) = Key;
            var read = await store.GetAsync(tenant, ResourceType, id);
            if (!_writing)
            {
                _current = read;
                _loaded = true;
            }

            return read;
        }
    }

    private ResourceScope Scope => _scope ??= new ResourceScope(store, tenants, time, GrainFactory, Key.Tenant, ResourceType, Key.Id);

    private void EnforceDomain(JsonObject document, ScimCaller caller) => Scope.EnforceDomain(document, caller);

    private ActivityEntry Activity(ScimCaller caller, string operation, int status, string? resourceId, JsonObject? changes) =>
        Scope.Activity(caller, operation, status, resourceId, changes);

    private static ResourceSnapshot Snapshot(StoredResource resource) => ResourceScope.Snapshot(resource);

    private ScimException ConcurrentWriters() =>
        new(409, null, $"{ResourceType} {Key.Id} kept changing while this request was applied; retry it.");

    private async Task<ResourceWriteResult> Guarded(string operation, ScimCaller caller, Func<TenantContext, Task<ResourceWriteResult>> action)
    {
        var result = await Scope.GuardedAsync(operation, caller, action);
        if (result.Fault is not null && _current is null)
        {
            DeactivateOnIdle();
        }

        return result;
    }
}
