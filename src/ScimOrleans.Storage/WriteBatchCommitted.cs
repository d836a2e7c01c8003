namespace ScimOrleans.Storage;

/// <summary>
/// One group commit: <paramref name="Writes"/> writes (of which <paramref name="Failed"/> rolled
/// back to their savepoint) made durable by a single COMMIT that took <paramref name="Duration"/>
/// from BEGIN to the end of the fsync.
/// </summary>
public sealed record WriteBatchCommitted(int Writes, int Failed, TimeSpan Duration);
