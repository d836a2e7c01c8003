using System.Diagnostics;
using System.Text.RegularExpressions;
using ScimOrleans.Cluster.Tests.Infrastructure;
using ScimOrleans.Testing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ScimOrleans.Cluster.Tests;

/// <summary>
/// docker-compose.yml, checked without a Docker engine: parsed (anchors and merge keys resolved)
/// and held to the environment contract the cluster tests run the silos with.
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly string Root = SiloProcess.RepositoryRoot();

    private static readonly string[] Contract =
    [
        "Storage__Provider", "ConnectionStrings__Postgres", "Orleans__SiloPort", "Orleans__GatewayPort",
        "Orleans__AdvertisedAddress", "Orleans__ClusterId", "Orleans__ServiceId", "Bootstrap__Tenant",
        "Bootstrap__Token", "Admin__ApiKey",
    ];

    [Fact]
    public void Compose_runs_postgres_three_silos_and_a_load_balancer_on_the_tests_environment_contract()
    {
        var services = Map(Load()["services"]);
        Assert.Contains("postgres", services.Keys);
        Assert.Contains("loadbalancer", services.Keys);
        var silos = services.Where(s => Map(s.Value).TryGetValue("environment", out var e) && Map(e).ContainsKey("Storage__Provider"))
            .ToDictionary(s => s.Key, s => Map(s.Value));
        Assert.Equal(["silo1", "silo2", "silo3"], silos.Keys.Order());

        var environments = silos.ToDictionary(s => s.Key, s => Map(s.Value["environment"]).ToDictionary(e => e.Key, e => Scalar(e.Value)));
        foreach (var (name, silo) in silos)
        {
            var environment = environments[name];
            Assert.Subset(environment.Keys.ToHashSet(), Contract.ToHashSet());
            Assert.Equal("Postgres", environment["Storage__Provider"]);
            Assert.Contains("Host=postgres", environment["ConnectionStrings__Postgres"]);
            Assert.Equal(name, environment["Orleans__AdvertisedAddress"]);
            Assert.Equal(".", Scalar(silo["build"]));

            var dependsOn = Map(silo["depends_on"]);
            Assert.Equal("service_healthy", Scalar(Map(dependsOn["postgres"])["condition"]));
        }

        // One cluster on one database, one bootstrap tenant, distinct endpoints.
        foreach (var shared in new[] { "ConnectionStrings__Postgres", "Orleans__ClusterId", "Orleans__ServiceId", "Bootstrap__Tenant", "Bootstrap__Token", "Admin__ApiKey" })
        {
            Assert.Single(environments.Values.Select(e => e[shared]).Distinct());
        }

        var ports = environments.Values.SelectMany(e => new[] { e["Orleans__SiloPort"], e["Orleans__GatewayPort"] }).ToList();
        Assert.Equal(6, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(int.Parse(p, System.Globalization.CultureInfo.InvariantCulture), 1024, 32767));

        // The load balancer waits for the silos and sends to each of them.
        var balancer = Map(services["loadbalancer"]);
        Assert.Equal(silos.Keys.Order(), Sequence(balancer["depends_on"]).Order());
        var nginx = File.ReadAllText(Path.Combine(Root, "deploy", "nginx.conf"));
        Assert.Equal(silos.Keys.Order(), UpstreamServer().Matches(nginx).Select(m => m.Groups[1].Value).Order());
        Assert.Contains(Sequence(balancer["volumes"]), v => v.StartsWith("./deploy/nginx.conf:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_tests_start_silos_with_the_variables_compose_sets()
    {
        var silo = Map(Map(Load()["services"])["silo1"]);
        var composeKeys = Map(silo["environment"]).Keys.ToHashSet();
        var testKeys = ScimCluster.EnvironmentKeys
            .Where(k => !k.StartsWith("Orleans__Membership__", StringComparison.Ordinal)) // test-only tuning, documented
            .ToHashSet();
        Assert.Subset(composeKeys, testKeys);
    }

    [Fact]
    public void The_dockerfile_builds_on_the_sdk_and_runs_on_aspnet()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build", dockerfile);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", dockerfile);
        Assert.Contains("ScimOrleans.Silo.dll", dockerfile);
    }

    /// <summary>Debian's docker-compose (v1, installed by scripts/test.sh) must accept the file: no engine is needed for <c>config</c>.</summary>
    [Fact]
    public async Task Docker_compose_config_accepts_the_file()
    {
        var executable = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists);
        Assert.True(executable is not null, "docker-compose is not installed; scripts/test.sh installs it with apt-get.");

        var start = new ProcessStartInfo(executable!, ["-f", Path.Combine(Root, "docker-compose.yml"), "config", "-q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
    }

    private static Dictionary<string, object?> Load()
    {
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        var deserializer = new DeserializerBuilder().Build();
        return Map(deserializer.Deserialize<object>(new MergingParser(new Parser(reader))));
    }

    private static Dictionary<string, object?> Map(object? node) =>
        node is Dictionary<object, object?> map
            ? map.ToDictionary(e => (string)e.Key, e => e.Value)
            : throw new InvalidOperationException($"not a mapping: {node}");

    private static List<string> Sequence(object? node) =>
        node is List<object?> list ? [.. list.Select(Scalar)] : [.. Map(node).Keys];

    private static string Scalar(object? node) => node as string ?? throw new InvalidOperationException($"not a scalar: {node}");

    [GeneratedRegex(@"^\s*server\s+([a-z0-9]+):8080\b", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
