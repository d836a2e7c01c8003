namespace ScimOrleans.Storage;

/// <summary>
/// The answer to one queued write, held until its batch commits: the result, or the refusal of
/// this write alone, or the failure of the whole batch. Both engines' writer loops use it.
/// </summary>
internal sealed class WriteOutcome<T>
{
    // Continuations run on the thread pool, never inline on the writer loop that completes them.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _refusal;

    public Task<T> Task => _completion.Task;

    /// <summary>Keeps the result of a run of the write; a later run replaces an earlier outcome.</summary>
    public void Record(T result)
    {
        _refusal = null;
        _result = result;
    }

    /// <summary>Records that this write alone was refused; reported by <see cref="Complete"/>.</summary>
    public void Refuse(Exception exception) => _refusal = exception;

    /// <summary>Reports what was recorded; called only after the batch commits.</summary>
    public void Complete()
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

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
