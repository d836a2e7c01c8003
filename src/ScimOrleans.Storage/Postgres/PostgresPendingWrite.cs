namespace ScimOrleans.Storage.Postgres;

/// <summary>A write waiting for a writer loop; completed only after its batch is committed.</summary>
internal abstract class PostgresPendingWrite(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>How often this write was a deadlock victim and queued again.</summary>
    public int Attempts { get; set; }

    /// <summary>Runs the write inside the open transaction; its outcome is kept until the commit.</summary>
    public abstract Task ExecuteAsync(PostgresResourceWriter writer);

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

internal sealed class PostgresPendingWrite<T>(Func<PostgresResourceWriter, Task<T>> write, CancellationToken cancellationToken)
    : PostgresPendingWrite(cancellationToken)
{
    private readonly WriteOutcome<T> _outcome = new();

    public Task<T> Task => _outcome.Task;

    public override async Task ExecuteAsync(PostgresResourceWriter writer) => _outcome.Record(await write(writer).ConfigureAwait(false));

    public override void Complete() => _outcome.Complete();

    public override void Refuse(Exception exception) => _outcome.Refuse(exception);

    public override void Fail(Exception exception) => _outcome.Fail(exception);

    public override void Cancel() => _outcome.Cancel(CancellationToken);
}
