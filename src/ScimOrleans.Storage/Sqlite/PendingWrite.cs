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
    private readonly WriteOutcome<T> _outcome = new();

    public Task<T> Task => _outcome.Task;

    public override void Execute(SqliteResourceWriter writer) => _outcome.Record(write(writer));

    public override void Complete() => _outcome.Complete();

    public override void Refuse(Exception exception) => _outcome.Refuse(exception);

    public override void Fail(Exception exception) => _outcome.Fail(exception);

    public override void Cancel() => _outcome.Cancel(CancellationToken);
}
