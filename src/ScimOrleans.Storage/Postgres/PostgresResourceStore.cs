using System.Data;
using Npgsql;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// The resource store of cluster mode: PostgreSQL, shared by every silo. Semantically the
/// same store as <see cref="Sqlite.SqliteResourceStore"/>: the same tables (a jsonb document
/// plus indexed columns, value and membership tables, the activity log), the same filter
/// translation, the same group commit (<see cref="PostgresWriteLoop"/>), with uniqueness and
/// version checks that hold across silos because the database enforces them. Reads run on
/// pooled connections in one snapshot each and never wait for the writers. Failures of the
/// database itself surface as <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class PostgresResourceStore : ISqlResourceStore, IStoreSecrets
{
    // OpenTelemetry's name for the engine, on the store's spans.
    private const string DbSystem = "postgresql";

    private const string GetSql = $"SELECT {ResourceRow.Columns} FROM resources r WHERE r.tenant = @tenant AND r.id = @id AND r.type = @type";

    private const string GroupIdentitiesSql = """
        SELECT r.id, COALESCE(r.display_name, ''), r.external_id FROM resources r
        WHERE r.tenant = @tenant AND r.id = ANY (@ids) AND r.type = 'Group'
        """;

    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private PostgresWriteLoop? _writeLoop;
    private bool _disposed;

    public PostgresResourceStore(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        if (options.DataSource is { } dataSource)
        {
            _dataSource = dataSource;
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new ArgumentException("PostgresStoreOptions needs a ConnectionString or a DataSource.", nameof(options));
            }

            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
            // The same few statements run all day: prepared once per physical connection.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
                builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            }

            _dataSource = builder.Build();
            _ownsDataSource = true;
        }
    }

    /// <summary>Raised after each durable group commit, on a writer loop; keep handlers short.</summary>
    public event Action<WriteBatchCommitted>? BatchCommitted;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_writeLoop is not null)
        {
            return;
        }

        await _initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writeLoop is not null)
            {
                return;
            }

            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await PostgresSchemaMigrator.ApplyAsync(connection, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (PostgresErrors.IsUnavailable(exception) && exception is not OperationCanceledException)
            {
                throw PostgresErrors.Classify(exception);
            }

            _writeLoop = new PostgresWriteLoop(_dataSource, _time, _options, OnBatchCommitted);
        }
        finally
        {
            _initializing.Release();
        }
    }

    public async Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("get", DbSystem, tenant, resourceType);
        return await ReadAsync(async (connection, ct) =>
        {
            ResourceRow? row = null;
            await using (var command = connection.Command(GetSql).With("@tenant", tenant).With("@id", id).With("@type", resourceType))
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    row = Read(reader);
                }
            }

            return row is null ? null : (await PostgresMembershipComposer.ComposeAsync(connection, tenant, [row], ct).ConfigureAwait(false))[0];
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredResource> CreateAsync(ResourceWrite write, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("create", DbSystem, write.Tenant, write.ResourceType);
        var resource = IndexedResource.From(write);
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.CreateAsync(resource), cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredResource?> ReplaceAsync(ResourceWrite write, long expectedVersion, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("replace", DbSystem, write.Tenant, write.ResourceType);
        var resource = IndexedResource.From(write);
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.ReplaceAsync(resource, expectedVersion), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string tenant, string resourceType, string id, long expectedVersion, ActivityEntry? activity = null, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("delete", DbSystem, tenant, resourceType);
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.DeleteAsync(tenant, resourceType, id, expectedVersion, activity), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<GroupIdentity>> GetGroupIdentitiesAsync(string tenant, IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken = default)
    {
        var ids = groupIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<GroupIdentity>>([]);
        }

        return ReadAsync<IReadOnlyList<GroupIdentity>>(async (connection, ct) =>
        {
            var identities = new List<GroupIdentity>(ids.Count);
            await using var command = connection.Command(GroupIdentitiesSql).With("@tenant", tenant).WithTextArray("@ids", ids);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                identities.Add(new GroupIdentity(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            return identities;
        }, cancellationToken);
    }

    public async Task<int> RemoveExtensionValuesAsync(string tenant, string schemaUrn, string? attributeName, CancellationToken cancellationToken = default)
    {
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => PostgresExtensionValues.RemoveAsync(writer.Connection, tenant, schemaUrn, attributeName, writer.Time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task AppendActivityAsync(ActivityEntry entry, CancellationToken cancellationToken = default)
    {
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        await loop.Enqueue(async writer =>
        {
            await writer.AppendActivityAsync(entry).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<ActivityPage> QueryActivityAsync(string tenant, ActivityQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync((connection, ct) => PostgresActivityLog.QueryAsync(connection, tenant, query, ct), cancellationToken, snapshot: false);

    public async Task<int> PurgeActivityAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => PostgresActivityLog.PurgeAsync(writer.Connection, tenant, before), cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueryResult> QueryAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("query", DbSystem, tenant, schema.Name);
        return await QueryCoreAsync(tenant, schema, query, cancellationToken).ConfigureAwait(false);
    }

    private Task<QueryResult> QueryCoreAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken)
    {
        var statement = PostgresDialect.Statement(schema, query);
        if (query.Keyset)
        {
            return ReadAsync((connection, ct) => KeysetPageAsync(connection, statement, query, tenant, ct), cancellationToken);
        }

        return ReadAsync(async (connection, ct) =>
        {
            var offset = Math.Max(1, query.StartIndex) - 1;
            var rows = new List<ResourceRow>();
            if (query.Count > 0)
            {
                await using var page = connection.Command(statement.PageSql);
                statement.Bind(page, tenant);
                page.With("@limit", query.Count).With("@offset", offset);
                await using var reader = await page.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    rows.Add(Read(reader));
                }
            }

            // One snapshot, so the COUNT (when one is needed) agrees with the page.
            var total = PageTotal.FromPage(offset, query.Count, rows.Count) ?? await CountAsync(connection, statement, tenant, ct).ConfigureAwait(false);
            return new QueryResult(total, await PostgresMembershipComposer.ComposeAsync(connection, tenant, rows, ct).ConfigureAwait(false));
        }, cancellationToken);
    }

    /// <summary>
    /// Kept in <c>scim_secrets</c> (created on first use) of the store's schema, which every silo
    /// shares: under a transaction-scoped advisory lock, INSERT ... ON CONFLICT DO NOTHING then
    /// read back, so silos starting together agree on one secret.
    /// </summary>
    public Task<byte[]> GetOrCreateSecretAsync(string name, int length, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('scimorleans.scim_secrets'), hashtext(current_schema()))", ct).ConfigureAwait(false);
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS scim_secrets (name text PRIMARY KEY, value bytea NOT NULL, created text NOT NULL)", ct).ConfigureAwait(false);
            await using (var insert = connection.Command("INSERT INTO scim_secrets (name, value, created) VALUES (@name, @value, @created) ON CONFLICT (name) DO NOTHING")
                .With("@name", name).With("@value", System.Security.Cryptography.RandomNumberGenerator.GetBytes(length))
                .With("@created", StoreTimestamps.ToText(_time.GetUtcNow())))
            {
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            byte[] secret;
            await using (var select = connection.Command("SELECT value FROM scim_secrets WHERE name = @name").With("@name", name))
            {
                secret = (byte[])(await select.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return secret;
        }, cancellationToken, snapshot: false);

    private static async Task<int> CountAsync(NpgsqlConnection connection, QueryStatement<NpgsqlCommand> statement, string tenant, CancellationToken cancellationToken)
    {
        await using var count = connection.Command(statement.CountSql);
        statement.Bind(count, tenant);
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A keyset page: one more row than asked for tells whether another page follows, so no
    /// COUNT is needed for that; the total is counted only when the query asks (first page).
    /// </summary>
    private static async Task<QueryResult> KeysetPageAsync(NpgsqlConnection connection, QueryStatement<NpgsqlCommand> statement, ResourceQuery query,
        string tenant, CancellationToken cancellationToken)
    {
        var total = query.CountTotal ? await CountAsync(connection, statement, tenant, cancellationToken).ConfigureAwait(false) : -1;

        var rows = new List<ResourceRow>();
        var keys = new List<object?>();
        await using (var page = connection.Command(statement.KeysetSql))
        {
            statement.Bind(page, tenant);
            statement.BindKeyset(page);
            page.With("@limit", Math.Max(0, query.Count) + 1);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Read(reader));
                keys.Add(statement.HasSortKey && !reader.IsDBNull(8) ? reader.GetValue(8) : null);
            }
        }

        var (hasMore, last) = KeysetSql.EndPage(rows, keys, query.Count);
        var resources = await PostgresMembershipComposer.ComposeAsync(connection, tenant, rows, cancellationToken).ConfigureAwait(false);
        return new QueryResult(total, resources) { HasMore = hasMore, Last = last };
    }

    /// <summary>The plan PostgreSQL picks for a list request's page (EXPLAIN, one line per row).</summary>
    public Task<IReadOnlyList<string>> ExplainQueryAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken = default)
    {
        var statement = PostgresDialect.Statement(schema, query);
        return ReadAsync<IReadOnlyList<string>>(async (connection, ct) =>
        {
            await using var explain = connection.Command("EXPLAIN " + (query.Keyset ? statement.KeysetSql : statement.PageSql));
            statement.Bind(explain, tenant);
            if (query.Keyset)
            {
                statement.BindKeyset(explain);
                explain.With("@limit", Math.Max(query.Count, 1) + 1);
            }
            else
            {
                explain.With("@limit", Math.Max(query.Count, 1)).With("@offset", Math.Max(1, query.StartIndex) - 1);
            }

            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                lines.Add(reader.GetString(0));
            }

            return lines;
        }, cancellationToken, snapshot: false);
    }

    public async ValueTask DisposeAsync()
    {
        await _initializing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_writeLoop is not null)
            {
                // Lets queued writes finish: everything accepted before disposal is committed (or failed).
                await _writeLoop.DisposeAsync().ConfigureAwait(false);
            }

            if (_ownsDataSource)
            {
                await _dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _initializing.Release();
        }
    }

    private static ResourceRow Read(NpgsqlDataReader reader) =>
        ResourceRow.Read(reader, static (r, column) => PostgresDocuments.Canonical(ResourceRow.ParseDocument(r.GetString(column))));

    /// <summary>
    /// Runs a read on a pooled connection, in one REPEATABLE READ snapshot when
    /// <paramref name="snapshot"/> (a resource and its memberships, a count and its page agree).
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken, bool snapshot = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeLoop is null)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!snapshot)
            {
                return await read(connection, cancellationToken).ConfigureAwait(false);
            }

            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var result = await read(connection, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && exception is not Scim.Errors.ScimException && PostgresErrors.IsUnavailable(exception))
        {
            throw PostgresErrors.Classify(exception);
        }
    }

    private void OnBatchCommitted(WriteBatchCommitted batch)
    {
        try
        {
            BatchCommitted?.Invoke(batch);
        }
        catch
        {
            // An observer must never stop a writer loop.
        }
    }

    private async ValueTask<PostgresWriteLoop> WriteLoopAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeLoop is null)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return _writeLoop!;
    }
}
