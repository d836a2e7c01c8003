using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ScimOrleans.Cluster.Tests.Infrastructure;
using ScimOrleans.Testing;
using Xunit.Abstractions;

namespace ScimOrleans.Cluster.Tests;

/// <summary>PostgreSQL goes away for a few seconds while clients provision through every silo.</summary>
public sealed class OutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>No call may take longer than this while the database is down (connect timeout 5 s + margin).</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(12);

    /// <summary>The service must serve again this soon after the database is back.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.LaunchAsync(); // its own: this test stops it

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task Database_outage_fails_fast_with_503_writes_nothing_half_and_recovers_by_itself()
    {
        await using var cluster = await ScimCluster.StartAsync(_postgres, 3);
        const string Tenant = ScimCluster.Tenant;
        using (var seed = cluster.Client(0))
        {
            using var group = await seed.PostAsync($"/scim/{Tenant}/v2/Groups", Http.Scim(Http.NewGroup("Outage group")));
            Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        }

        // Reads and writes through every silo; each call records its status, SCIM error and duration.
        var calls = new ConcurrentBag<(TimeSpan At, string Kind, int Status, bool ScimError, bool RetryAfter, TimeSpan Took)>();
        var acknowledged = new ConcurrentBag<(string Id, string UserName)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            using var client = cluster.Client(w % 3, timeout: TimeSpan.FromSeconds(60));
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var write = n % 2 == 0;
                var userName = $"outage-{w}-{n}@example.com";
                var started = clock.Elapsed;
                try
                {
                    using var response = write
                        ? await client.PostAsync($"/scim/{Tenant}/v2/Users", Http.Scim(Http.NewUser(userName)))
                        : await client.GetAsync($"/scim/{Tenant}/v2/Users?filter=userName%20sw%20%22outage-{w}%22&count=5");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!.GetValue<string>(), userName));
                    }

                    calls.Add((started, write ? "write" : "read", (int)response.StatusCode,
                        body.Contains("urn:ietf:params:scim:api:messages:2.0:Error", StringComparison.Ordinal),
                        response.Headers.RetryAfter is not null, clock.Elapsed - started));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    calls.Add((started, write ? "write" : "read", -1, false, false, clock.Elapsed - started));
                }

                await Task.Delay(20);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var down = clock.Elapsed;
        await _postgres.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var up = clock.Elapsed;
        await _postgres.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var during = calls.Where(c => c.At >= down && c.At < up).ToList();
        var failed = calls.Where(c => c.Status is not (200 or 201)).ToList();
        var firstWriteAfterUp = calls.Where(c => c.At >= up && c.Kind == "write" && c.Status == 201).Select(c => c.At + c.Took).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var lastFailure = failed.Select(c => c.At + c.Took).DefaultIfEmpty(up).Max();
        var recovered = (lastFailure > up ? lastFailure : up) - up;
        output.WriteLine($"Outage of {(up - down).TotalSeconds:F1} s: {calls.Count} calls, {during.Count} started during it; statuses " +
                         string.Join(", ", calls.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")) +
                         $"; slowest call {calls.Max(c => c.Took).TotalSeconds:F2} s; last failure {recovered.TotalSeconds:F1} s after the database was back" +
                         $"; first acknowledged write {(firstWriteAfterUp - up).TotalSeconds:F1} s after it");

        Assert.NotEmpty(during);
        Assert.DoesNotContain(calls, c => c.Status == 500);
        Assert.DoesNotContain(calls, c => c.Status == -1); // no hang past the client's timeout, no dropped connection
        Assert.Contains(calls, c => c.Status == 503);
        Assert.All(failed, c =>
        {
            Assert.Equal(503, c.Status);
            Assert.True(c.ScimError, "a 503 without a SCIM error document");
            Assert.True(c.RetryAfter, "a 503 without Retry-After");
        });
        Assert.True(calls.Max(c => c.Took) < CallBound, $"a call took {calls.Max(c => c.Took)}");
        Assert.True(recovered < RecoveryBound, $"calls still failed {recovered} after the database was back\n{cluster.Outputs()}");
        Assert.True(firstWriteAfterUp - up < RecoveryBound);

        // Nothing half-written: every acknowledged user is whole, nothing is there twice, and the
        // users whose create got a 503 are either wholly there or not at all.
        using var reader = cluster.Client(1);
        var users = await reader.ListUsersAsync(Tenant);
        Assert.Equal(users.Count, users.Select(u => u.UserName.ToUpperInvariant()).Distinct().Count());
        var byId = users.ToDictionary(u => u.Id, u => u.UserName);
        Assert.All(acknowledged, a => Assert.Equal(a.UserName, byId.GetValueOrDefault(a.Id)));
        foreach (var (id, _) in users.Where(u => u.UserName.StartsWith("outage-", StringComparison.Ordinal)).Take(400))
        {
            using var whole = await reader.GetAsync($"/scim/{Tenant}/v2/Users/{id}");
            var user = await whole.ReadObjectAsync();
            Assert.Equal(id, user["id"]!.GetValue<string>());
            Assert.NotNull(user["meta"]?["version"]);
        }

        // And all three silos serve again.
        for (var silo = 0; silo < 3; silo++)
        {
            using var client = cluster.Client(silo);
            using var created = await client.PostAsync($"/scim/{Tenant}/v2/Users", Http.Scim(Http.NewUser($"after-outage-{silo}@example.com")));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }
}
