using System.Text.Json;
using Microsoft.Data.Sqlite;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The embedded resource store: one SQLite file in WAL mode. Writes go through one writer
/// thread that commits them in groups (<see cref="SqliteWriteLoop"/>); reads and queries use
/// their own connections and never wait for the writer.
/// </summary>
public sealed class SqliteResourceStore : ISqlResourceStore, IStoreSecrets
{
    private const string GetSql = $"SELECT {ResourceRow.Columns} FROM resources r WHERE r.tenant = @tenant AND r.id = @id AND r.type = @type";

    private const string GroupIdentitiesSql = """
        SELECT r.id, COALESCE(r.display_name, ''), r.external_id FROM resources r
        WHERE r.tenant = @tenant AND r.id IN (SELECT value FROM json_each(@ids)) AND r.type = 'Group'
        """;

    // Ids per GroupIdentitiesSql execution: a user in thousands of groups still reads in a few
    // round trips, each bounded in size.
    private const int GroupIdentityChunk = 500;

    private const string DbSystem = "sqlite";

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly SqliteConnectionFactory _connections;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private SqliteReaderPool? _readers;
    private SqliteConnection? _writerConnection;
    private SqliteCommandCache? _writerCommands;
    private SqliteWriteLoop? _writeLoop;
    private bool _disposed;

    public SqliteResourceStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _connections = new SqliteConnectionFactory(options);
    }

    /// <summary>Raised on the writer thread after each durable group commit; keep handlers short.</summary>
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

            var connection = _connections.Open(readOnly: false);
            try
            {
                using (var wal = connection.CreateCommand())
                {
                    // Kept in the file; readers then proceed while the writer commits.
                    wal.CommandText = "PRAGMA journal_mode = WAL";
                    wal.ExecuteNonQuery();
                }

                SqliteSchemaMigrator.Apply(connection, _time);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _writerConnection = connection;
            _writerCommands = new SqliteCommandCache(connection);
            _readers = new SqliteReaderPool(_connections, _options.MaxIdleReadConnections);
            _writeLoop = new SqliteWriteLoop(connection, new SqliteResourceWriter(_writerCommands, _time), _options.MaxBatchSize, OnBatchCommitted);
        }
        finally
        {
            _initializing.Release();
        }
    }

    public async Task<StoredResource?> GetAsync(string tenant, string resourceType, string id, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("get", DbSystem, tenant, resourceType);
        var readers = await ReadersAsync(cancellationToken).ConfigureAwait(false);
        using var lease = readers.Rent();
        var commands = lease.Commands;
        // One read transaction, so the resource and its memberships come from the same snapshot.
        commands.Get("BEGIN").ExecuteNonQuery();
        try
        {
            ResourceRow? row = null;
            using (var reader = commands.Get(GetSql).With("@tenant", tenant).With("@id", id).With("@type", resourceType).ExecuteReader())
            {
                if (reader.Read())
                {
                    row = ReadRow(reader);
                }
            }

            return row is null ? null : SqliteMembershipComposer.Compose(commands, tenant, [row])[0];
        }
        finally
        {
            commands.Get("COMMIT").ExecuteNonQuery();
        }
    }

    public async Task<StoredResource> CreateAsync(ResourceWrite write, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("create", DbSystem, write.Tenant, write.ResourceType);
        var resource = new SerializedResource(IndexedResource.From(write));
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        var stored = await loop.Enqueue(writer => writer.Create(resource), cancellationToken).ConfigureAwait(false);
        return stored ?? resource.ToStoredResource();
    }

    public async Task<StoredResource?> ReplaceAsync(ResourceWrite write, long expectedVersion, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("replace", DbSystem, write.Tenant, write.ResourceType);
        var resource = new SerializedResource(IndexedResource.From(write));
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.Replace(resource, expectedVersion), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string tenant, string resourceType, string id, long expectedVersion, ActivityEntry? activity = null, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("delete", DbSystem, tenant, resourceType);
        var row = activity is null ? null : ActivityRow.From(activity);
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.Delete(tenant, resourceType, id, expectedVersion, row), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GroupIdentity>> GetGroupIdentitiesAsync(string tenant, IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken = default)
    {
        var ids = groupIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var readers = await ReadersAsync(cancellationToken).ConfigureAwait(false);
        using var lease = readers.Rent();
        var commands = lease.Commands;
        commands.Get("BEGIN").ExecuteNonQuery();
        try
        {
            var identities = new List<GroupIdentity>(ids.Count);
            foreach (var chunk in ids.Chunk(GroupIdentityChunk))
            {
                using var reader = commands.Get(GroupIdentitiesSql)
                    .With("@tenant", tenant).With("@ids", JsonSerializer.Serialize(chunk)).ExecuteReader();
                while (reader.Read())
                {
                    identities.Add(new GroupIdentity(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }

            return identities;
        }
        finally
        {
            commands.Get("COMMIT").ExecuteNonQuery();
        }
    }

    public async Task<int> RemoveExtensionValuesAsync(string tenant, string schemaUrn, string? attributeName, CancellationToken cancellationToken = default)
    {
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.RemoveExtensionValues(tenant, schemaUrn, attributeName), cancellationToken).ConfigureAwait(false);
    }

    public async Task AppendActivityAsync(ActivityEntry entry, CancellationToken cancellationToken = default)
    {
        var row = ActivityRow.From(entry);
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        await loop.Enqueue(writer =>
        {
            writer.AppendActivity(row);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActivityPage> QueryActivityAsync(string tenant, ActivityQuery query, CancellationToken cancellationToken = default)
    {
        var readers = await ReadersAsync(cancellationToken).ConfigureAwait(false);
        using var lease = readers.Rent();
        return SqliteActivityLog.Query(lease.Commands, tenant, query);
    }

    public async Task<int> PurgeActivityAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var loop = await WriteLoopAsync(cancellationToken).ConfigureAwait(false);
        return await loop.Enqueue(writer => writer.PurgeActivity(tenant, before), cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueryResult> QueryAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken = default)
    {
        using var span = StoreTracing.Start("query", DbSystem, tenant, schema.Name);
        var statement = SqliteDialect.Statement(schema, query);
        var readers = await ReadersAsync(cancellationToken).ConfigureAwait(false);
        using var lease = readers.Rent();
        var commands = lease.Commands;
        commands.Get("BEGIN").ExecuteNonQuery();
        try
        {
            if (query.Keyset)
            {
                return KeysetPage(commands, statement, query, tenant);
            }

            var offset = Math.Max(1, query.StartIndex) - 1;
            var rows = new List<ResourceRow>();
            if (query.Count > 0)
            {
                var page = commands.Get(statement.PageSql);
                statement.Bind(page, tenant);
                page.With("@limit", query.Count).With("@offset", offset);
                using var reader = page.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add(ReadRow(reader));
                }
            }

            // Same read transaction, so the COUNT (when one is needed) agrees with the page.
            var total = PageTotal.FromPage(offset, query.Count, rows.Count) ?? Count(commands, statement, tenant);
            return new QueryResult(total, SqliteMembershipComposer.Compose(commands, tenant, rows));
        }
        finally
        {
            commands.Get("COMMIT").ExecuteNonQuery();
        }
    }

    private static int Count(SqliteCommandCache commands, QueryStatement<SqliteCommand> statement, string tenant)
    {
        var count = commands.Get(statement.CountSql);
        statement.Bind(count, tenant);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Kept in <c>scim_secrets</c> (created on first use): INSERT OR IGNORE then read back, so
    /// two processes opening the same file at once still end up with one secret.
    /// </summary>
    public async Task<byte[]> GetOrCreateSecretAsync(string name, int length, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        using var connection = _connections.Open(readOnly: false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS scim_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL, created TEXT NOT NULL) STRICT;
            INSERT OR IGNORE INTO scim_secrets (name, value, created) VALUES (@name, @value, @created);
            SELECT value FROM scim_secrets WHERE name = @name;
            """;
        command.With("@name", name).With("@value", System.Security.Cryptography.RandomNumberGenerator.GetBytes(length))
            .With("@created", StoreTimestamps.ToText(_time.GetUtcNow()));
        return (byte[])command.ExecuteScalar()!;
    }

    /// <summary>
    /// A keyset page: one more row than asked for tells whether another page follows, so no
    /// COUNT is needed for that; the total is counted only when the query asks (first page).
    /// </summary>
    private static QueryResult KeysetPage(SqliteCommandCache commands, QueryStatement<SqliteCommand> statement, ResourceQuery query, string tenant)
    {
        var total = query.CountTotal ? Count(commands, statement, tenant) : -1;

        var page = commands.Get(statement.KeysetSql);
        statement.Bind(page, tenant);
        statement.BindKeyset(page);
        page.With("@limit", Math.Max(0, query.Count) + 1);
        var rows = new List<ResourceRow>();
        var keys = new List<object?>();
        using (var reader = page.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(ReadRow(reader));
                keys.Add(statement.HasSortKey && !reader.IsDBNull(8) ? reader.GetValue(8) : null);
            }
        }

        var (hasMore, last) = KeysetSql.EndPage(rows, keys, query.Count);
        return new QueryResult(total, SqliteMembershipComposer.Compose(commands, tenant, rows)) { HasMore = hasMore, Last = last };
    }

    /// <summary>
    /// The query plan SQLite picks for a list request (EXPLAIN QUERY PLAN, one line per step);
    /// for tests and diagnostics of index use.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExplainQueryAsync(string tenant, ResourceSchema schema, ResourceQuery query, CancellationToken cancellationToken = default)
    {
        var statement = SqliteDialect.Statement(schema, query);
        var readers = await ReadersAsync(cancellationToken).ConfigureAwait(false);
        using var lease = readers.Rent();
        using var explain = lease.Commands.Connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + (query.Keyset ? statement.KeysetSql : statement.PageSql);
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
        using var reader = explain.ExecuteReader();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
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
                // Lets queued writes finish: everything accepted before disposal is committed.
                await _writeLoop.DisposeAsync().ConfigureAwait(false);
            }

            _writerCommands?.Dispose();
            _writerConnection?.Dispose();
            _readers?.Dispose();
        }
        finally
        {
            _initializing.Release();
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
            // An observer must never stop the writer thread.
        }
    }

    private async ValueTask<SqliteWriteLoop> WriteLoopAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeLoop is null)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return _writeLoop!;
    }

    private async ValueTask<SqliteReaderPool> ReadersAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readers is null)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return _readers!;
    }

    // The document as the UTF-8 bytes SQLite holds, parsed without becoming a string first.
    private static ResourceRow ReadRow(SqliteDataReader reader) =>
        ResourceRow.Read(reader, static (r, column) => ResourceRow.ParseDocument(r.GetFieldValue<byte[]>(column)));
}
