namespace ScimOrleans.Storage.Sqlite;

/// <summary>A write waiting for the writer loop; completed only after its batch is committed.</summary>
internal abstract class PendingWrite(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>
    /// Runs the write inside the open transaction; its outcome is kept until the commit. May run
    /// again in the same batch (after the transaction was rolled back), replacing the first outcome.
    /// </summary>
    public abstract void Execute(SqliteResourceWriter writer);

    /// <summary>
    /// Reports the outcome: the result, or the refusal recorded by <see cref="Refuse"/>. Called only
    /// after the batch commits, so a caller told "userName taken" can already read the user that took it.
    /// </summary>
    public abstract void Complete();

    /// <summary>Records that this write alone was refused (rolled back to its savepoint); reported by <see cref="Complete"/>.</summary>
    public abstract void Refuse(Exception exception);

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

    public override void Execute(SqliteResourceWriter writer)
    {
        _refusal = null;
        _result = write(writer);
    }

    private Exception? _refusal;

    public override void Complete()
    {
        if (_refusal is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_refusal);
        }
    }

    public override void Refuse(Exception exception) => _refusal = exception;

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
