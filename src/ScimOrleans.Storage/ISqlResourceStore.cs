using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// What the SQL-backed resource stores (SQLite, PostgreSQL) offer beyond <see cref="IResourceStore"/>:
/// an observer of group commits, the query plan of a list request, and disposal that lets queued
/// writes finish.
/// </summary>
public interface ISqlResourceStore : IResourceStore, IAsyncDisposable
{
    /// <summary>Raised after each durable group commit, on the writer; keep handlers short.</summary>
    event Action<WriteBatchCommitted>? BatchCommitted;

    /// <summary>The plan the database picks for a list request, one line per step; for tests and diagnostics.</summary>
    Task<IReadOnlyList<string>> ExplainQueryAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken = default);
}
