using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ScimOrleans.Testing;

/// <summary>
/// A private PostgreSQL server for tests, started from the machine's binaries (<c>initdb</c>,
/// <c>pg_ctl</c>; Debian keeps them in /usr/lib/postgresql/N/bin). PostgreSQL refuses to run as
/// root, so when the tests run as root the server runs as the <c>postgres</c> user through
/// <c>runuser</c>, with its data and socket directories in a temporary directory it owns.
/// It listens on 127.0.0.1 on a free port below 32768 (the ephemeral range starts there), with
/// fsync and synchronous commit on, so durability tests mean something. Missing binaries are
/// an error, never a skip: the test script installs them.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartSharedAsync);
    private static int _databases;

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private bool _disposed;

    private PostgresServer(string binDirectory, string root, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The data directory (owned by the server's user).</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The directory of the server's Unix socket.</summary>
    public string SocketDirectory => Path.Combine(_root, "socket");

    public string LogFile => Path.Combine(_root, "postgres.log");

    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    /// <summary>
    /// One server for the whole test process, started on first use and stopped when the process
    /// exits. Give each test class its own database or schema on it.
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>A server of its own (for tests that stop and start it); dispose it.</summary>
    public static async Task<PostgresServer> LaunchAsync()
    {
        var bin = FindBinaries();
        var asPostgres = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var root = Path.Combine(Path.GetTempPath(), "scim-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "socket"));
        var server = new PostgresServer(bin, root, asPostgres);
        try
        {
            if (asPostgres)
            {
                // Every parent of the directory must be readable by postgres: /tmp is.
                await RunAsync("chown", ["-R", "postgres:postgres", root]).ConfigureAwait(false);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
                .ConfigureAwait(false);
            await server.StartAsync(newPort: true).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection string to <paramref name="database"/>, optionally with a search path (schema).</summary>
    public string ConnectionString(string database = "postgres", string? searchPath = null) => Build(database, searchPath, pooling: true);

    // Administration (databases, schemas) on unpooled connections: a pooled one may be a
    // leftover of the server before StopAsync/StartAsync.
    private string AdminConnectionString(string database = "postgres") => Build(database, null, pooling: false);

    private string Build(string database, string? searchPath, bool pooling)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Options = "-c client_min_messages=warning",
            Timeout = 5,
            Pooling = pooling,
        };
        if (searchPath is not null)
        {
            builder.SearchPath = searchPath;
        }

        return builder.ToString();
    }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>
    /// Creates a fresh schema in the database <paramref name="database"/> (created on first use)
    /// and returns a connection string whose search path is that schema: far cheaper than a
    /// database, and as isolated for tables the store creates unqualified.
    /// </summary>
    public async Task<string> CreateSchemaAsync(string database = "scim_tests", string? name = null)
    {
        name ??= $"s{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await EnsureDatabaseAsync(database).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(AdminConnectionString(database));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionString(database, name);
    }

    /// <summary>Stops the server: <paramref name="immediate"/> is a crash (no checkpoint), else a fast shutdown.</summary>
    public async Task StopAsync(bool immediate = false)
    {
        if (!IsRunning)
        {
            return;
        }

        await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "30"]).ConfigureAwait(false);
        IsRunning = false;
    }

    /// <summary>Starts the server again on the same port.</summary>
    public Task StartAsync() => StartAsync(newPort: false);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopForExit();
        await Task.Yield();
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await LaunchAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopForExit();
        return server;
    }

    private void StopForExit()
    {
        _disposed = true;
        try
        {
            if (IsRunning && Directory.Exists(DataDirectory))
            {
                RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10"]).GetAwaiter().GetResult();
                IsRunning = false;
            }
        }
        catch (Exception)
        {
            // Best effort at exit: a server left behind dies with the machine's temp directory.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception)
        {
            // A leftover temp directory is harmless.
        }
    }

    private async Task StartAsync(bool newPort)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var attempt = 0; ; attempt++)
        {
            if (newPort || Port == 0)
            {
                Port = FreePort();
            }

            var options = string.Join(' ',
                "-c listen_addresses=127.0.0.1",
                $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                $"-k {SocketDirectory}",
                "-c fsync=on",
                "-c synchronous_commit=on",
                "-c max_connections=300",
                "-c shared_buffers=64MB",
                "-c client_min_messages=warning",
                "-c log_min_messages=warning");
            try
            {
                await RunToolAsync("pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options]).ConfigureAwait(false);
                IsRunning = true;
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && newPort)
            {
                // The port was taken between the probe and the start: try another.
            }
        }
    }

    private static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException("No free TCP port between 20000 and 32000 for PostgreSQL.");
    }

    private async Task EnsureDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("@name", database);
        if (await exists.ExecuteScalarAsync().ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is "42P04" or "23505")
        {
            // Created by a test class running in parallel.
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, "pg_ctl");
            if (File.Exists(path))
            {
                var resolved = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
                candidates.Add(Path.GetDirectoryName(resolved)!);
            }
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
                "Install them (apt-get install -y postgresql; scripts/test.sh does this) to run the PostgreSQL tests.");
    }

    private (string File, string[] Arguments) ToolCommand(string tool, string[] arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? ("runuser", ["-u", "postgres", "--", executable, .. arguments])
            : (executable, arguments);
    }

    private Task RunToolAsync(string tool, string[] arguments)
    {
        var (file, args) = ToolCommand(tool, arguments);
        return RunAsync(file, args);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGOPTIONS"] = "-c client_min_messages=warning";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl start leaves the server holding inherited pipes: read to end only what the tool
        // itself writes, and stop waiting once it has exited.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var finished = await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var text = output.IsCompleted && error.IsCompleted ? output.Result + error.Result : "(no output)";
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {text}");
        }

        _ = finished;
    }
}
