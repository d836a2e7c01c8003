using System.Diagnostics;
using System.Net;
using ScimOrleans.Cluster.Tests.Infrastructure;
using ScimOrleans.Testing;
using Xunit.Abstractions;

namespace ScimOrleans.Cluster.Tests;

/// <summary>A silo dies (SIGKILL) or leaves (SIGTERM) while clients provision through all silos.</summary>
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The bound the survivors must meet after a SIGKILL, with the tests' membership settings.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(30);

    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask; // the shared server outlives the class

    [Fact]
    public async Task Sigkill_of_one_silo_under_load_loses_no_acknowledged_write_and_survivors_serve_every_tenant()
    {
        var phases = Stopwatch.StartNew();
        await using var cluster = await ScimCluster.StartAsync(_postgres, 3);
        output.WriteLine($"cluster started in {phases.Elapsed.TotalSeconds:F1} s");
        var tenants = new List<(string Tenant, string Token)> { (ScimCluster.Tenant, ScimCluster.Token) };
        foreach (var name in new[] { "initech", "umbrella" })
        {
            tenants.Add((name, (await cluster.CreateTenantAsync(name, silo: tenants.Count)).Token));
        }

        var load = new ProvisioningLoad(cluster, tenants, workers: 9);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = load.AcknowledgedWrites.Count;

        var victim = cluster.Silos[2];
        var killed = Stopwatch.StartNew();
        await victim.KillAsync();
        load.MarkDown(2);

        var dead = WaitUntilDeadAsync(cluster, victim.SiloPort, killed, TimeSpan.FromSeconds(60));

        // The survivors serve every tenant: a write and a read of each tenant through each survivor.
        var served = await WaitUntilServedAsync(cluster, tenants, survivors: [0, 1], FailoverBound + TimeSpan.FromSeconds(30));
        var declaredDead = await dead;
        output.WriteLine($"SIGKILL: survivors served all tenants {served.TotalSeconds:F1} s after the kill; " +
                         $"the membership table showed it Dead by {declaredDead.TotalSeconds:F1} s after the kill");

        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;
        output.WriteLine($"Load: {load.AcknowledgedWrites.Count} acknowledged creates ({before} before the kill), outcomes " +
                         string.Join(", ", load.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")) +
                         $", slowest call {load.MaxLatency.TotalSeconds:F1} s");

        Assert.True(served < FailoverBound, $"survivors served all tenants only after {served}\n{cluster.Outputs()}");
        // Answers are 201, 409 (a retry of a create that had landed) or 503 (retry); connections fail
        // only to the killed silo (refused, or cut mid-request by the kill).
        Assert.All(load.Outcomes.Keys, o => Assert.True(o is "201" or "409" or "503" || (o.EndsWith("@2", StringComparison.Ordinal) && !o.StartsWith("timeout", StringComparison.Ordinal)),
            $"outcome {o}; silo logs in {ScimCluster.LogDirectory}"));
        Assert.True(load.AcknowledgedWrites.Count > before, "no write was acknowledged after the kill");
        await AssertConvergedAsync(cluster, tenants, load, survivors: [0, 1]);
        output.WriteLine($"checked after {phases.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Sigterm_lets_in_flight_requests_finish_and_the_silo_leaves_the_membership_table()
    {
        await using var cluster = await ScimCluster.StartAsync(_postgres, 3);
        var leaving = cluster.Silos[2];
        using var client = leaving.CreateClient(ScimCluster.Token);

        // Requests in flight at the signal: every one that reached the silo is answered.
        var inFlight = Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                using var response = await client.PostAsync($"/scim/{ScimCluster.Tenant}/v2/Users", Http.Scim(Http.NewUser($"sigterm-{i}@example.com")));
                return ((int)response.StatusCode).Invariant();
            }
            catch (HttpRequestException e)
            {
                return e.HttpRequestError.ToString(); // arrived after the listener closed: never started
            }
        }).ToList();
        await Task.Delay(50);
        var signalled = Stopwatch.StartNew();
        leaving.Terminate();
        var outcomes = await Task.WhenAll(inFlight);
        Assert.True(await leaving.WaitForExitAsync(TimeSpan.FromSeconds(40)), $"the silo did not stop after SIGTERM\n{leaving.Output}");
        var stopped = signalled.Elapsed;
        output.WriteLine($"SIGTERM: exited with {leaving.ExitCode} after {stopped.TotalSeconds:F1} s; in-flight outcomes: " +
                         string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}: {g.Count()}")));

        Assert.Equal(0, leaving.ExitCode);
        Assert.All(outcomes, o => Assert.True(o is "201" or "ConnectionError", $"in-flight request got {o}\n{leaving.Output}"));
        Assert.Contains("201", outcomes);

        // It left: its row is Dead at once (no suspicion, no probes), the others stay Active.
        var members = await cluster.MembershipAsync();
        Assert.Equal(MembershipStatus.Dead, Assert.Single(members, m => m.Port == leaving.SiloPort).Status);
        Assert.Equal(2, members.Count(m => m.Status == MembershipStatus.Active));

        // The survivors serve at once, including the users created through the silo that left.
        var served = Stopwatch.StartNew();
        using var a = cluster.Client(0);
        foreach (var i in Enumerable.Range(0, 30).Where(i => outcomes[i] == "201"))
        {
            using var found = await a.GetAsync($"/scim/{ScimCluster.Tenant}/v2/Users?filter=userName%20eq%20%22sigterm-{i}@example.com%22");
            Assert.Equal(1, (await found.ReadObjectAsync())["totalResults"]!.GetValue<int>());
        }

        using var created = await a.PostAsync($"/scim/{ScimCluster.Tenant}/v2/Users", Http.Scim(Http.NewUser("after-sigterm@example.com")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        output.WriteLine($"After the graceful leave the survivors answered in {served.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static async Task<TimeSpan> WaitUntilServedAsync(
        ScimCluster cluster, IReadOnlyList<(string Tenant, string Token)> tenants, int[] survivors, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        var round = 0;
        while (watch.Elapsed < within)
        {
            round++;
            var all = true;
            foreach (var silo in survivors)
            {
                foreach (var (tenant, token) in tenants)
                {
                    all &= await ServesAsync(cluster, silo, tenant, token, $"probe-{round}-{silo}@{tenant}.example.com");
                }
            }

            if (all)
            {
                return watch.Elapsed;
            }

            await Task.Delay(100);
        }

        return watch.Elapsed;
    }

    private static async Task<bool> ServesAsync(ScimCluster cluster, int silo, string tenant, string token, string userName)
    {
        try
        {
            using var client = cluster.Client(silo, token, TimeSpan.FromSeconds(10));
            using var created = await client.PostAsync($"/scim/{tenant}/v2/Users", Http.Scim(Http.NewUser(userName)));
            if (created.StatusCode != HttpStatusCode.Created)
            {
                return false;
            }

            var id = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
            using var read = await client.GetAsync($"/scim/{tenant}/v2/Users/{id}");
            return read.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<TimeSpan> WaitUntilDeadAsync(ScimCluster cluster, int siloPort, Stopwatch watch, TimeSpan within)
    {
        while (watch.Elapsed < within)
        {
            if ((await cluster.MembershipAsync()).Any(m => m.Port == siloPort && m.Status == MembershipStatus.Dead))
            {
                return watch.Elapsed;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the killed silo was never declared dead");
    }

    /// <summary>Every acknowledged write is there, no userName twice, every intended user exists.</summary>
    internal static async Task AssertConvergedAsync(
        ScimCluster cluster, IReadOnlyList<(string Tenant, string Token)> tenants, ProvisioningLoad load, int[] survivors)
    {
        foreach (var (tenant, token) in tenants)
        {
            foreach (var silo in survivors)
            {
                using var client = cluster.Client(silo, token);
                var users = await client.ListUsersAsync(tenant);
                var duplicates = users.GroupBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                Assert.True(duplicates.Count == 0, $"duplicate userNames in {tenant}: {string.Join(", ", duplicates)}");

                var byId = users.ToDictionary(u => u.Id, u => u.UserName);
                foreach (var ack in load.AcknowledgedWrites.Where(a => a.Tenant == tenant))
                {
                    Assert.True(byId.TryGetValue(ack.Id, out var userName) && userName == ack.UserName,
                        $"acknowledged {ack.UserName} ({ack.Id}) is missing in {tenant} through silo {silo}");
                }

                var names = users.Select(u => u.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var missing = load.Intended.Where(i => i.Tenant == tenant && !names.Contains(i.UserName)).ToList();
                Assert.True(missing.Count == 0, $"the retrying client did not converge in {tenant}: {string.Join(", ", missing.Select(m => m.UserName))}");
            }
        }
    }
}
