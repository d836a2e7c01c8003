using System.Diagnostics;
using Npgsql;

namespace ScimOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server from the machine's binaries (initdb, pg_ctl), run as the
/// unprivileged <c>postgres</c> user when the tests run as root, on a free port below 32768.
/// It can be stopped and started again, for the outage tests.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _data;

    private LocalPostgres(string root, int port)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    public static async Task<LocalPostgres> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "scim-cluster-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new LocalPostgres(root, Ports.Next());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", root);
        }

        await server.PgAsync("initdb", "-D", server._data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        await server.StartServerAsync();
        return server;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString(name)) { Pooling = true }.ConnectionString;
    }

    public Task StartServerAsync() => PgAsync("pg_ctl", "-D", _data, "-w", "-t", "30", "-l", Path.Combine(_root, "log"),
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c fsync=off -c max_connections=300", "start");

    /// <summary>Stops the server the way an operator or a crash-restart does: open connections are cut.</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", "-D", _data, "-w", "-m", "fast", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task PgAsync(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments])
            : RunAsync(tool, arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
