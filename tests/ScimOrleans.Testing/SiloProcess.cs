using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ScimOrleans.Testing;

/// <summary>
/// One silo as a real child process (<c>dotnet ScimOrleans.Silo.dll</c>) configured only through
/// environment variables, the same contract docker-compose.yml uses. It can be stopped the hard
/// way (SIGKILL) or gracefully (SIGTERM); its output is kept for failure messages.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(string name, Process process, int httpPort, int siloPort, int gatewayPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>The Orleans variables <see cref="Start"/> sets itself (besides ASPNETCORE_*).</summary>
    public static IReadOnlyList<string> EnvironmentKeys { get; } = ["Orleans__SiloPort", "Orleans__GatewayPort"];

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

    /// <summary>
    /// Starts the process on <paramref name="httpPort"/> (a fresh one when null); it is not serving
    /// yet (see <see cref="WaitUntilServingAsync"/>). <paramref name="environment"/> wins over the
    /// variables set here. With <paramref name="siloContentRoot"/> the process runs in the silo's
    /// output directory, so its appsettings.json is read as in the container.
    /// </summary>
    public static SiloProcess Start(
        string name, IReadOnlyDictionary<string, string> environment, int? httpPort = null, bool siloContentRoot = false)
    {
        var http = httpPort ?? TestPorts.Next();
        var siloPort = TestPorts.Next();
        var gatewayPort = TestPorts.Next();
        var assembly = SiloAssemblyPath();
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (siloContentRoot)
        {
            start.WorkingDirectory = Path.GetDirectoryName(assembly)!;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{http}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var silo = new SiloProcess(name, process, http, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// A single silo over the SQLite files in <paramref name="dataDirectory"/>, bootstrapped with
    /// <paramref name="tenant"/> and <paramref name="token"/>, once it serves that tenant.
    /// </summary>
    /// <param name="environment">More environment variables for the silo (e.g. <c>Admin__ApiKey</c>); they win over the defaults set here.</param>
    public static async Task<SiloProcess> StartAsync(
        string dataDirectory, string tenant, string token, int httpPort, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["Bootstrap__Tenant"] = tenant,
            ["Bootstrap__Token"] = token,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var silo = Start("silo", variables, httpPort);
        await silo.WaitUntilServingAsync(tenant, token, TimeSpan.FromSeconds(60));
        return silo;
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
        var limit = within ?? TimeSpan.FromSeconds(90);
        var deadline = DateTime.UtcNow + limit;
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

        throw new TimeoutException($"Silo {Name} did not start serving within {limit.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no goodbye to the cluster; what was acknowledged must already be on disk.</summary>
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

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
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
