using System.Collections.Concurrent;
using System.Text.Json;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Bulk;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Silo.Apis;
using ScimOrleans.Silo.Http;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Bulk;

/// <summary>
/// Runs one bulk request along its <see cref="BulkPlan"/>: every operation is a call on its
/// resource's grain, up to <c>concurrency</c> at once, so operations on different resources
/// proceed in parallel and their writes share the store's group commits. An operation first
/// waits for its plan's predecessor and the POSTs it references (never holding a slot while it
/// waits), then takes a slot in request order. Once <c>failOnErrors</c> operations have failed,
/// no further operation starts (RFC 7644 §3.7): those are neither run nor reported.
/// </summary>
internal sealed partial class BulkExecutor
{
    private readonly IGrainFactory _grains;
    private readonly ScimRequestContext _context;
    private readonly ILogger _logger;
    private readonly BulkRequest _request;
    private readonly TaskCompletionSource<bool>[] _done;
    private readonly BulkOperationResult?[] _results;
    private readonly ConcurrentDictionary<string, string> _created = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private int _errors;
    private volatile bool _stopped;

    private BulkExecutor(IGrainFactory grains, ScimRequestContext context, BulkRequest request, int concurrency, ILogger logger)
    {
        _grains = grains;
        _context = context;
        _request = request;
        _logger = logger;
        _slots = new SemaphoreSlim(concurrency);
        _results = new BulkOperationResult?[request.Operations.Count];
        _done = [.. request.Operations.Select(_ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously))];
    }

    /// <summary>The results of the operations that ran, in request order.</summary>
    public static async Task<IReadOnlyList<BulkOperationResult>> RunAsync(IGrainFactory grains, ScimRequestContext context, BulkRequest request,
        int concurrency, ILogger logger, CancellationToken cancellationToken)
    {
        var executor = new BulkExecutor(grains, context, request, concurrency, logger);
        using (executor._slots)
        {
            var plan = BulkPlan.Create(request.Operations);
            await Task.WhenAll(plan.Steps.Select(step => executor.RunStepAsync(step, cancellationToken)));
        }

        return [.. executor._results.OfType<BulkOperationResult>()];
    }

    private async Task RunStepAsync(BulkStep step, CancellationToken cancellationToken)
    {
        var succeeded = false;
        try
        {
            if (step.Fault is null)
            {
                if (step.Predecessor is { } predecessor)
                {
                    await _done[predecessor].Task;
                }

                foreach (var creator in step.Creators)
                {
                    await _done[creator].Task;
                }
            }

            await _slots.WaitAsync(cancellationToken);
            try
            {
                if (_stopped)
                {
                    return;
                }

                var result = await ExecuteAsync(_request.Operations[step.Index], step, cancellationToken);
                _results[step.Index] = result;
                succeeded = result.Succeeded;
                if (!succeeded && _request.FailOnErrors is { } limit && Interlocked.Increment(ref _errors) >= limit)
                {
                    _stopped = true;
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            _done[step.Index].TrySetResult(succeeded);
        }
    }

    private async Task<BulkOperationResult> ExecuteAsync(BulkOperation operation, BulkStep step, CancellationToken cancellationToken)
    {
        if (step.Fault is { } fault)
        {
            return BulkOperationResult.Failed(operation, fault);
        }

        foreach (var creator in step.Creators)
        {
            // Finished already: the step waited for every creator before it took its slot.
            if (!await _done[creator].Task)
            {
                return BulkOperationResult.Failed(operation, BulkFault.Conflict(
                    $"'{BulkReferences.Prefix}{_request.Operations[creator].BulkId}' cannot be resolved: the operation creating it failed or did not run."));
            }
        }

        var target = operation.Target!;
        var type = ScimResourceType.All.FirstOrDefault(t => string.Equals(t.Endpoint, target.Endpoint, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            return BulkOperationResult.Failed(operation, new BulkFault(404, null, $"No resource endpoint '{target.Endpoint}'."));
        }

        var id = target.Id ?? (target.BulkIdReference is { } reference ? _created[reference] : null);
        var location = id is null ? null : Location(type, id);
        try
        {
            var (result, status) = await WriteAsync(operation, type, id);
            if (result.Fault is { } refused)
            {
                return BulkOperationResult.Failed(operation, new BulkFault(refused.Status, refused.ScimType, refused.Detail), location);
            }

            if (result.Resource is not { } resource)
            {
                return new BulkOperationResult(operation.Index, operation.MethodName, operation.BulkId, status, location);
            }

            id = IdOf(resource.Json);
            if (operation.Method == BulkMethod.Post)
            {
                _created[operation.BulkId!] = id;
            }

            return new BulkOperationResult(operation.Index, operation.MethodName, operation.BulkId, status, Location(type, id),
                ResourceVersion.ToETag(resource.Version));
        }
        catch (ScimException e)
        {
            return BulkOperationResult.Failed(operation, BulkFault.From(e), location);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ServiceUnavailability.IsUnavailable(e))
        {
            LogUnavailable(_logger, operation.Index + 1, e.GetType().Name, e.Message);
            return BulkOperationResult.Failed(operation,
                new BulkFault(503, null, "The service is temporarily unavailable; retry the operation later."), location);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, e, operation.Index + 1);
            return BulkOperationResult.Failed(operation, new BulkFault(500, null, "An internal error occurred."), location);
        }
    }

    private async Task<(ResourceWriteResult Result, int Status)> WriteAsync(BulkOperation operation, ScimResourceType type, string? id)
    {
        var caller = _context.Caller;
        var tenant = _context.Tenant.Tenant;
        var data = operation.Data is null ? null
            : (operation.References.Count == 0 ? operation.Data : BulkReferences.Resolve(operation.Data, Resolve)).ToJsonString();
        return operation.Method switch
        {
            BulkMethod.Post => (await type.Create(_grains, tenant, data!, caller), StatusCodes.Status201Created),
            BulkMethod.Put => (await type.Grain(_grains, ResourceKey.For(tenant, id!)).Replace(data!, operation.Version, caller),
                StatusCodes.Status200OK),
            BulkMethod.Patch => (await type.Grain(_grains, ResourceKey.For(tenant, id!)).Patch(data!, operation.Version, caller),
                _context.Tenant.Settings.PatchAnswersNoContent ? StatusCodes.Status204NoContent : StatusCodes.Status200OK),
            _ => (await type.Grain(_grains, ResourceKey.For(tenant, id!)).Delete(operation.Version, caller),
                StatusCodes.Status204NoContent),
        };
    }

    private string Resolve(string bulkId) =>
        _created.TryGetValue(bulkId, out var id) ? id : BulkReferences.Prefix + bulkId;

    private string Location(ScimResourceType type, string id) => $"{_context.BaseUrl}{type.Endpoint}/{id}";

    private static string IdOf(string resourceJson)
    {
        using var document = JsonDocument.Parse(resourceJson);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk operation {Number}: service unavailable: {Type}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, int number, string type, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bulk operation {Number} failed unexpectedly")]
    private static partial void LogFailed(ILogger logger, Exception exception, int number);
}
