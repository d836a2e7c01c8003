namespace ScimOrleans.Storage.Sqlite;

/// <summary>A write waiting for the writer loop; completed only after its batch is committed.</summary>
internal abstract class PendingWrite(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Runs the write inside the open transaction; its outcome is kept until the commit.</summary>
    public abstract void Execute(SqliteResourceWriter writer);

    public abstract void Complete();

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}

internal sealed class PendingWrite<T>(Func<SqliteResourceWriter, T> write, CancellationToken cancellationToken)
    : PendingWrite(cancellationToken)
{
    // Continuations run on the thread pool, never on the writer thread that completes them.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Execute(SqliteResourceWriter writer) => _result = write(writer);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
