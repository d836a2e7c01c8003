using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace ScimOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// One silo as a real child process (<c>dotnet ScimOrleans.Silo.dll</c>) configured only through
/// environment variables, the same contract docker-compose.yml uses. It can be stopped the hard
/// way (SIGKILL) or gracefully (SIGTERM); its output is kept for failure messages.
/// </summary>
public sealed class SiloNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloNode(string name, Process process, int httpPort, int siloPort, int gatewayPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>The variables <see cref="Start"/> sets itself (HTTP, ports, advertised address).</summary>
    public static IReadOnlyList<string> EnvironmentKeys { get; } =
        ["Orleans__SiloPort", "Orleans__GatewayPort", "Orleans__AdvertisedAddress"];

    public string Name { get; }

    public Uri BaseAddress { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the process; it is not serving yet (see <see cref="WaitUntilServingAsync"/>).</summary>
    public static SiloNode Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var httpPort = Ports.Next();
        var siloPort = Ports.Next();
        var gatewayPort = Ports.Next();
        var assembly = SiloAssemblyPath();
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root: appsettings.json (log levels) is read from here, as in the container.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__AdvertisedAddress"] = "127.0.0.1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new SiloNode(name, process, httpPort, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public HttpClient CreateClient(string? token = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Waits until the silo answers a SCIM list for the tenant with 200.</summary>
    public async Task WaitUntilServingAsync(string tenant, string token, TimeSpan? within = null)
    {
        using var client = CreateClient(token, TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync($"/scim/{tenant}/v2/Users?count=0");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Silo {Name} did not start serving in time:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as docker stop and Kubernetes send it: the silo shuts down gracefully.</summary>
    public void Terminate()
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The silo's own build output, built with the same configuration as these tests.</summary>
    public static string SiloAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), "src", "ScimOrleans.Silo", "bin", configuration, framework, "ScimOrleans.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the silo first.", path);
    }

    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ScimOrleans.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("ScimOrleans.sln not found above the test output");
    }
}
