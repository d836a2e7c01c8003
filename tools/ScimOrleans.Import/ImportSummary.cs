namespace ScimOrleans.Import;

/// <summary>
/// How an import ended. The exit code is 0 when every record was imported, 1 when the input
/// was worked through but some records failed (see the errors file), 2 when the run stopped
/// before the end (rerun to continue from the checkpoint). <see cref="Imported"/> and
/// <see cref="Failed"/> count over all runs of the import; <see cref="ThisRun"/> the records this run checkpointed.
/// </summary>
public sealed record ImportSummary(long Total, long Skipped, long Imported, long Failed, long ThisRun, TimeSpan Elapsed, string? Error)
{
    public bool Completed => Error is null;

    public int ExitCode => !Completed ? 2 : Failed > 0 ? 1 : 0;
}

/// <summary>What the import reports as it goes; the console shows it as a progress bar.</summary>
public interface IImportProgress
{
    /// <summary><paramref name="done"/> of <paramref name="total"/> records were done by earlier runs.</summary>
    void Start(long total, long done);

    /// <summary>A batch is answered and checkpointed: <paramref name="records"/> more are done.</summary>
    void Advance(long records, long imported, long failed);

    void Retrying(int attempt, string reason, TimeSpan wait);
}
