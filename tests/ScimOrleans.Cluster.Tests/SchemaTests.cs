using System.Data;
using System.Diagnostics;
using Npgsql;
using ScimOrleans.Testing;

namespace ScimOrleans.Cluster.Tests;

/// <summary>
/// The project's Orleans SQL for PostgreSQL (src/ScimOrleans.Storage/Sql/Postgres/orleans-*.sql),
/// applied by the migrate command, checked against the providers' contract with the parameter
/// types Orleans binds.
/// </summary>
public sealed class SchemaTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync();
        _connectionString = await _postgres.CreateDatabaseAsync("schema_" + Guid.NewGuid().ToString("N")[..8]);

        // Three migrate commands at once, as three silos starting together would: the advisory lock
        // lets one apply the scripts and the others find them applied.
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => MigrateAsync(_connectionString)));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Output));
    }

    public Task DisposeAsync() => Task.CompletedTask; // the shared server outlives the class

    [Fact]
    public async Task Migrate_is_idempotent_and_records_every_script_once()
    {
        var again = await MigrateAsync(_connectionString);
        Assert.True(again.ExitCode == 0, again.Output);
        var scripts = await QueryAsync("SELECT Script FROM OrleansSchemaHistory ORDER BY Script");
        Assert.Equal(["orleans-001-clustering.sql", "orleans-002-persistence.sql", "orleans-003-reminders.sql"], scripts.Select(r => (string)r[0]!));
        var keys = (await QueryAsync("SELECT QueryKey FROM OrleansQuery")).Select(r => (string)r[0]!).ToHashSet();
        string[] required =
        [
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.Subset(keys, required.ToHashSet());
    }

    [Fact]
    public async Task Membership_changes_apply_only_at_the_current_version_and_bump_it()
    {
        const string Deployment = "membership-test";
        Assert.Equal(1, await ScalarAsync("InsertMembershipVersionKey", Deployment, []));
        Assert.Equal(0, await ScalarAsync("InsertMembershipVersionKey", Deployment, []));

        var empty = await RunAsync("MembershipReadAllKey", Deployment, []);
        var only = Assert.Single(empty);
        Assert.Equal(DBNull.Value, only["StartTime"]);
        Assert.Equal(0, Convert.ToInt32(only["Version"]));

        var now = DateTime.UtcNow;
        var member = MemberParameters(now);
        Assert.Equal(0, await ScalarAsync("InsertMembershipKey", Deployment, [.. member, Int("Version", 5)])); // stale
        Assert.Equal(1, await ScalarAsync("InsertMembershipKey", Deployment, [.. member, Int("Version", 0)]));
        Assert.Equal(0, await ScalarAsync("InsertMembershipKey", Deployment, [.. member, Int("Version", 1)])); // exists

        await RunAsync("UpdateIAmAlivetimeKey", Deployment, [.. Key(), Time("IAmAliveTime", now.AddSeconds(5))]);
        var row = Assert.Single(await RunAsync("MembershipReadRowKey", Deployment, Key()));
        Assert.Equal(1, Convert.ToInt32(row["Version"])); // the heartbeat did not bump it
        Assert.Equal(now.AddSeconds(5).Ticks / 10, ((DateTime)row["IAmAliveTime"]).Ticks / 10);

        object?[] update = [.. Key(), Int("Status", 6), Str("SuspectTimes", "x"), Time("IAmAliveTime", now)];
        Assert.Equal(0, await ScalarAsync("UpdateMembershipKey", Deployment, [.. update, Int("Version", 0)])); // stale
        Assert.Equal(1, await ScalarAsync("UpdateMembershipKey", Deployment, [.. update, Int("Version", 1)]));
        row = Assert.Single(await RunAsync("MembershipReadAllKey", Deployment, []));
        Assert.Equal((6, 2, "x"), (Convert.ToInt32(row["Status"]), Convert.ToInt32(row["Version"]), (string)row["SuspectTimes"]));

        // Two updates racing at one version: exactly one wins.
        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ScalarAsync("UpdateMembershipKey", Deployment, [.. update, Int("Version", 2)])));
        Assert.Equal(1, race.Sum());

        await RunAsync("CleanupDefunctSiloEntriesKey", Deployment, [Time("IAmAliveTime", now.AddMinutes(1))]);
        Assert.Equal(DBNull.Value, Assert.Single(await RunAsync("MembershipReadAllKey", Deployment, []))["Address"]);
        await RunAsync("DeleteMembershipTableEntriesKey", Deployment, []);
        Assert.Empty(await RunAsync("MembershipReadAllKey", Deployment, []));
    }

    [Fact]
    public async Task Grain_storage_writes_are_version_checked_and_first_writes_collide()
    {
        object?[] identity =
        [
            Str("ServiceId", "svc"), Str("GrainTypeString", "state"), Int("GrainTypeHash", 7), Int("GrainIdHash", 11),
            Long("GrainIdN0", 0), Long("GrainIdN1", 0), new NpgsqlParameter("GrainIdExtensionString", DbType.String) { Value = DBNull.Value },
        ];
        byte[] payload = [1, 2, 3];
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            RunAsync("WriteToStorageKey", null, [.. identity, Int("GrainStateVersion", null), Bytes("PayloadBinary", payload)])));
        Assert.Equal(1, first.Count(rows => rows.Count == 1));
        Assert.Equal(1, Convert.ToInt32(first.Single(rows => rows.Count == 1)[0]["NewGrainStateVersion"]));

        Assert.Empty(await RunAsync("WriteToStorageKey", null, [.. identity, Int("GrainStateVersion", 7), Bytes("PayloadBinary", payload)]));
        var second = Assert.Single(await RunAsync("WriteToStorageKey", null, [.. identity, Int("GrainStateVersion", 1), Bytes("PayloadBinary", payload)]));
        Assert.Equal(2, Convert.ToInt32(second["NewGrainStateVersion"]));

        // An empty extension is another grain than a NULL one.
        object?[] emptyExtension = [.. identity[..6], Str("GrainIdExtensionString", "")];
        Assert.Single(await RunAsync("WriteToStorageKey", null, [.. emptyExtension, Int("GrainStateVersion", null), Bytes("PayloadBinary", payload)]));

        Assert.Empty(await RunAsync("ClearStorageKey", null, [.. identity, Int("GrainStateVersion", 1)]));
        Assert.Equal(3, Convert.ToInt32(Assert.Single(await RunAsync("ClearStorageKey", null, [.. identity, Int("GrainStateVersion", 2)])).Values.First()));
        var read = Assert.Single(await RunAsync("ReadFromStorageKey", null, identity));
        Assert.Equal(DBNull.Value, read["PayloadBinary"]);
        Assert.Equal(4, Convert.ToInt32(Assert.Single(await RunAsync("DeleteStorageKey", null, [.. identity, Int("GrainStateVersion", 3)])).Values.First()));
        Assert.Empty(await RunAsync("ReadFromStorageKey", null, identity));
    }

    [Fact]
    public async Task Reminders_upsert_with_new_versions_read_ring_ranges_and_delete_on_version_match()
    {
        object?[] Row(string name, int hash, long period) =>
        [
            Str("ServiceId", "svc"), Ansi("GrainId", "user/acme/1"), Str("ReminderName", name),
            Time("StartTime", DateTime.UtcNow), Long("Period", period), Int("GrainHash", hash),
        ];

        var v1 = Convert.ToInt32(Assert.Single(await RunAsync("UpsertReminderRowKey", null, Row("a", -5, 1000)))["Version"]);
        var v2 = Convert.ToInt32(Assert.Single(await RunAsync("UpsertReminderRowKey", null, Row("a", -5, 5_000_000_000)))["Version"]);
        Assert.NotEqual(v1, v2);
        await RunAsync("UpsertReminderRowKey", null, Row("b", 100, 1000));
        Assert.Equal(5_000_000_000, Convert.ToInt64(Assert.Single(await RunAsync("ReadReminderRowKey", null,
            [Str("ServiceId", "svc"), Ansi("GrainId", "user/acme/1"), Str("ReminderName", "a")]))["Period"]));
        Assert.Equal(2, (await RunAsync("ReadReminderRowsKey", null, [Str("ServiceId", "svc"), Ansi("GrainId", "user/acme/1")])).Count);

        Assert.Single(await RunAsync("ReadRangeRows1Key", null, [Str("ServiceId", "svc"), Int("BeginHash", -10), Int("EndHash", 0)]));
        Assert.Single(await RunAsync("ReadRangeRows2Key", null, [Str("ServiceId", "svc"), Int("BeginHash", 50), Int("EndHash", -10)]));
        Assert.Equal(2, (await RunAsync("ReadRangeRows2Key", null, [Str("ServiceId", "svc"), Int("BeginHash", 3), Int("EndHash", 3)])).Count);

        object?[] key = [Str("ServiceId", "svc"), Ansi("GrainId", "user/acme/1"), Str("ReminderName", "a")];
        Assert.Equal(0, await ScalarAsync("DeleteReminderRowKey", null, [.. key, Int("Version", v1)]));
        Assert.Equal(1, await ScalarAsync("DeleteReminderRowKey", null, [.. key, Int("Version", v2)]));
        await RunAsync("DeleteReminderRowsKey", null, [Str("ServiceId", "svc")]);
        Assert.Empty(await RunAsync("ReadReminderRowsKey", null, [Str("ServiceId", "svc"), Ansi("GrainId", "user/acme/1")]));
    }

    private static object?[] Key() => [Ansi("Address", "10.0.0.1"), Int("Port", 11111), Int("Generation", 42)];

    private static object?[] MemberParameters(DateTime now) =>
    [
        .. Key(), Str("SiloName", "silo"), Str("HostName", "host"), Int("Status", 3), Int("ProxyPort", 30000),
        Time("StartTime", now), Time("IAmAliveTime", now),
    ];

    private static NpgsqlParameter Str(string name, string? value) => new(name, DbType.String) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Ansi(string name, string value) => new(name, DbType.AnsiString) { Value = value };

    private static NpgsqlParameter Int(string name, int? value) => new(name, DbType.Int32) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Long(string name, long value) => new(name, DbType.Int64) { Value = value };

    private static NpgsqlParameter Time(string name, DateTime value) => new(name, DbType.DateTime) { Value = value };

    private static NpgsqlParameter Bytes(string name, byte[] value) => new(name, DbType.Binary) { Value = value };

    private async Task<int> ScalarAsync(string key, string? deployment, object?[] parameters) =>
        Convert.ToInt32(Assert.Single(Assert.Single(await RunAsync(key, deployment, parameters)).Values));

    /// <summary>Runs a query text as Orleans does: as-is, no transaction, every row of every result set.</summary>
    private async Task<List<Dictionary<string, object>>> RunAsync(string key, string? deployment, object?[] parameters)
    {
        var text = (string)(await QueryAsync("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @p0", key)).Single()[0]!;
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(text, connection);
        if (deployment is not null)
        {
            command.Parameters.Add(Str("DeploymentId", deployment));
        }

        command.Parameters.AddRange(parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray());
        var rows = new List<Dictionary<string, object>>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue, StringComparer.OrdinalIgnoreCase));
            }
        }
        while (await reader.NextResultAsync());
        return rows;
    }

    private async Task<List<object?[]>> QueryAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<(int ExitCode, string Output)> MigrateAsync(string connectionString)
    {
        var assembly = SiloProcess.SiloAssemblyPath();
        var start = new ProcessStartInfo("dotnet", [assembly, "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["Storage__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
