using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ScimOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// A provisioning client like an IdP's: workers create users with distinct userNames through the
/// silos, and retry a call that failed (connection refused or reset, 503, timeout) through the
/// next silo until it is answered. A 409 <c>uniqueness</c> on a retry means an earlier attempt
/// did land: the intended state is reached either way.
/// </summary>
public sealed class ProvisioningLoad(ScimCluster cluster, IReadOnlyList<(string Tenant, string Token)> tenants, int workers)
{
    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private readonly ConcurrentBag<(string Tenant, string UserName)> _intended = [];
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private readonly ConcurrentBag<TimeSpan> _latencies = [];
    private readonly HashSet<int> _down = [];

    public record Acknowledged(string Tenant, string Id, string UserName);

    public IReadOnlyCollection<Acknowledged> AcknowledgedWrites => _acknowledged;

    public IReadOnlyCollection<(string Tenant, string UserName)> Intended => _intended;

    /// <summary>Counts by outcome: HTTP status codes and exception type names.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public TimeSpan MaxLatency => _latencies.IsEmpty ? TimeSpan.Zero : _latencies.Max();

    /// <summary>Tells the workers a silo is gone (a client's load balancer would notice by itself).</summary>
    public void MarkDown(int silo)
    {
        lock (_down)
        {
            _down.Add(silo);
        }
    }

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w, stop), CancellationToken.None)));

    private async Task WorkerAsync(int worker, CancellationToken stop)
    {
        var (tenant, token) = tenants[worker % tenants.Count];
        var clients = cluster.Silos.Select(s => s.CreateClient(token, TimeSpan.FromSeconds(20))).ToArray();
        try
        {
            var silo = worker % clients.Length;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var userName = $"load-{worker}-{n}@{tenant}.example.com";
                _intended.Add((tenant, userName));
                while (true)
                {
                    silo = NextLiveSilo(silo, clients.Length);
                    var outcome = await PostAsync(clients[silo], tenant, userName, silo);
                    _outcomes.AddOrUpdate(outcome, 1, (_, c) => c + 1);
                    if (outcome is "201" or "409")
                    {
                        break;
                    }

                    // Failed: retry through the next silo after a short pause.
                    silo = (silo + 1) % clients.Length;
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private int NextLiveSilo(int silo, int count)
    {
        lock (_down)
        {
            for (var i = 0; i < count && _down.Contains(silo); i++)
            {
                silo = (silo + 1) % count;
            }
        }

        return silo;
    }

    /// <summary>The outcome: the HTTP status, or for a connection that failed its error and the silo ("ConnectionError@2").</summary>
    private async Task<string> PostAsync(HttpClient client, string tenant, string userName, int silo)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.PostAsync($"/scim/{tenant}/v2/Users", Http.Scim(Http.NewUser(userName)));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var id = System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!.GetValue<string>();
                _acknowledged.Add(new Acknowledged(tenant, id, userName));
            }

            var status = ((int)response.StatusCode).Invariant();
            if ((int)response.StatusCode >= 500 && !body.Contains("urn:ietf:params:scim:api:messages:2.0:Error", StringComparison.Ordinal))
            {
                return status + "-without-scim-error";
            }

            return status;
        }
        catch (HttpRequestException e)
        {
            return $"{e.HttpRequestError}@{silo}";
        }
        catch (TaskCanceledException)
        {
            return $"timeout@{silo}";
        }
        finally
        {
            _latencies.Add(watch.Elapsed);
        }
    }
}
