using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tenants;

namespace ScimOrleans.Grains.Resources;

/// <summary>
/// One PUT or PATCH waiting in a resource grain's write queue. It is applied to the copy the
/// changes before it produced as soon as it arrives (so a bad request is answered at once), and
/// again from the stored copy if a write has to be redone; its caller is answered only once the
/// write that carries it is durable.
/// </summary>
internal sealed class QueuedChange(
    TenantContext tenant,
    ScimCaller caller,
    string operation,
    string requestBody,
    string? ifMatch,
    Func<JsonObject, JsonObject?> change)
{
    private readonly TaskCompletionSource<ResourceWriteResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TenantContext Tenant => tenant;

    public ScimCaller Caller => caller;

    public string Operation => operation;

    public string RequestBody => requestBody;

    public string? IfMatch => ifMatch;

    /// <summary>The document before this change: the stored one, or the result of the change queued before it.</summary>
    public JsonObject Before { get; private set; } = null!;

    /// <summary>The document after this change (the same object as <see cref="Before"/> when it changed nothing).</summary>
    public JsonObject After { get; private set; } = null!;

    public bool Changed { get; private set; }

    /// <summary>How many writes that carried this change found the stored copy moved on.</summary>
    public int StaleWrites { get; set; }

    public Task<ResourceWriteResult> Answer => _answer.Task;

    /// <summary>Applies the change on top of <paramref name="before"/>; throws the request's SCIM error if it cannot be.</summary>
    public void ApplyTo(JsonObject before)
    {
        var after = change(before);
        Before = before;
        After = after ?? before;
        Changed = after is not null;
    }

    public void Succeed(ResourceSnapshot snapshot) => _answer.TrySetResult(ResourceWriteResult.Ok(snapshot));

    public void Fail(Exception exception) => _answer.TrySetException(exception);
}
