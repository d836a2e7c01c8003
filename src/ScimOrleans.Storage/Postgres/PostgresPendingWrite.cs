namespace ScimOrleans.Storage.Postgres;

/// <summary>A write waiting for a writer loop; completed only after its batch is committed.</summary>
internal abstract class PostgresPendingWrite(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>How often this write was a deadlock victim and queued again.</summary>
    public int Attempts { get; set; }

    /// <summary>Runs the write inside the open transaction; its outcome is kept until the commit.</summary>
    public abstract Task ExecuteAsync(PostgresResourceWriter writer);

    public abstract void Complete();

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}

internal sealed class PostgresPendingWrite<T>(Func<PostgresResourceWriter, Task<T>> write, CancellationToken cancellationToken)
    : PostgresPendingWrite(cancellationToken)
{
    // Continuations run on the thread pool, never inline on the writer loop that completes them.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override async Task ExecuteAsync(PostgresResourceWriter writer) => _result = await write(writer).ConfigureAwait(false);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
