using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;
using ScimOrleans.Testing;

namespace ScimOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// Silo processes in cluster mode on one PostgreSQL database: the environment contract of
/// docker-compose.yml, with membership timeouts tuned for fast failure detection.
/// </summary>
public sealed class ScimCluster : IAsyncDisposable
{
    public const string Tenant = "acme";
    public const string Token = "acme-bootstrap-token-0123456789";
    public const string AdminKey = "cluster-admin-key-0123456789";

    private readonly List<SiloProcess> _silos = [];

    private ScimCluster(string connectionString, string clusterId)
    {
        ConnectionString = connectionString;
        ClusterId = clusterId;
    }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>
    /// Membership settings for the tests: probes every second, a silo is suspected after two missed
    /// probes. Production keeps Orleans' defaults (see docs/operations.md).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FastFailureDetection { get; } = new Dictionary<string, string>
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    /// <summary>A new database on <paramref name="server"/> and <paramref name="count"/> silos on it, all serving.</summary>
    public static async Task<ScimCluster> StartAsync(PostgresServer server, int count, IReadOnlyDictionary<string, string>? extra = null)
    {
        var name = "scim_" + Guid.NewGuid().ToString("N")[..10];
        var cluster = new ScimCluster(await server.CreateDatabaseAsync(name), "cluster-" + name);
        try
        {
            // The first silo creates the schemas and the bootstrap tenant; the others then join at once.
            cluster.Add(extra);
            await cluster._silos[0].WaitUntilServingAsync(Tenant, Token);
            for (var i = 1; i < count; i++)
            {
                cluster.Add(extra);
            }

            await Task.WhenAll(cluster._silos.Skip(1).Select(s => s.WaitUntilServingAsync(Tenant, Token)));
            await cluster.WaitForActiveMembersAsync(count, TimeSpan.FromSeconds(30));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Every variable a test silo is started with (these plus the ones <see cref="SiloProcess"/> sets).</summary>
    public static IEnumerable<string> EnvironmentKeys =>
        new ScimCluster("", "").Environment().Keys.Concat(SiloProcess.EnvironmentKeys);

    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(FastFailureDetection)
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = ConnectionString,
            ["Orleans__ClusterId"] = ClusterId,
            ["Orleans__ServiceId"] = "scim-cluster-tests",
            ["Orleans__ShutdownTimeout"] = "00:00:30",
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
            ["Bootstrap__Tenant"] = Tenant,
            ["Bootstrap__Token"] = Token,
            ["Admin__ApiKey"] = AdminKey,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    public SiloProcess Add(IReadOnlyDictionary<string, string>? extra = null)
    {
        var silo = SiloProcess.Start(((char)('A' + _silos.Count)).ToString(), Environment(extra), siloContentRoot: true);
        _silos.Add(silo);
        return silo;
    }

    public HttpClient Client(int silo, string token = Token, TimeSpan? timeout = null) => _silos[silo].CreateClient(token, timeout);

    public HttpClient AdminClient(int silo) => _silos[silo].CreateClient(AdminKey);

    /// <summary>Creates a tenant through the admin API and issues it a token; returns the token value.</summary>
    public async Task<(string TokenId, string Token)> CreateTenantAsync(string tenant, int silo = 0)
    {
        using var admin = AdminClient(silo);
        using var created = await admin.PostAsync("/admin/v1/tenants", Http.JsonContent(new JsonObject { ["id"] = tenant }, "application/json"));
        Assert.True(created.IsSuccessStatusCode, $"create tenant: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return await IssueTokenAsync(tenant, silo);
    }

    public async Task<(string TokenId, string Token)> IssueTokenAsync(string tenant, int silo)
    {
        using var admin = AdminClient(silo);
        using var issued = await admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens",
            Http.JsonContent(new JsonObject { ["name"] = "cluster test", ["expiresInDays"] = 30 }, "application/json"));
        var body = await issued.ReadObjectAsync();
        Assert.True(issued.IsSuccessStatusCode, $"issue token: {(int)issued.StatusCode} {body}");
        return (body["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    /// <summary>The membership table's rows of this cluster: (silo port, status).</summary>
    public async Task<IReadOnlyList<(int Port, int Status)>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Port, Status FROM OrleansMembershipTable WHERE DeploymentId = @Id ORDER BY Port, Generation", connection);
        command.Parameters.AddWithValue("Id", ClusterId);
        var rows = new List<(int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return rows;
    }

    public async Task WaitForActiveMembersAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var active = (await MembershipAsync()).Count(r => r.Status == MembershipStatus.Active);
            if (active == count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{active} of {count} silos active in the membership table");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Where every silo's full output is written when the cluster is disposed, for post-mortems.</summary>
    public static string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "scim-cluster-logs");

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        try
        {
            var directory = Path.Combine(LogDirectory, ClusterId);
            Directory.CreateDirectory(directory);
            foreach (var silo in _silos)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, $"silo-{silo.Name}.log"), silo.Output);
            }
        }
        catch (IOException)
        {
        }
    }

    public string Outputs() => string.Join("\n", _silos.Select(s => $"--- silo {s.Name} ---\n{Tail(s.Output, 4000)}"));

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}

/// <summary>Orleans' SiloStatus values as stored in the membership table.</summary>
public static class MembershipStatus
{
    public const int Active = 3;
    public const int Dead = 6;
}

/// <summary>Small helpers for SCIM requests and responses.</summary>
public static class Http
{
    public static StringContent JsonContent(JsonNode node, string mediaType = "application/scim+json") =>
        new(node.ToJsonString(), System.Text.Encoding.UTF8, mediaType);

    public static StringContent Scim(string json) => new(json, System.Text.Encoding.UTF8, "application/scim+json");

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    public static string NewUser(string userName) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","active":true}""";

    public static string NewGroup(string displayName) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{displayName}}"}""";

    public static string AddMember(string userId) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{userId}}"}]}]}""";

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string url, string json) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = Scim(json) });

    /// <summary>Every user of the tenant as (id, userName), through paging.</summary>
    public static async Task<List<(string Id, string UserName)>> ListUsersAsync(this HttpClient client, string tenant)
    {
        var users = new List<(string, string)>();
        var start = 1;
        while (true)
        {
            using var response = await client.GetAsync($"/scim/{tenant}/v2/Users?startIndex={start}&count=500&attributes=userName");
            var body = await response.ReadObjectAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            var page = body["Resources"]?.AsArray() ?? [];
            users.AddRange(page.Select(r => (r!["id"]!.GetValue<string>(), r["userName"]!.GetValue<string>())));
            var total = body["totalResults"]!.GetValue<int>();
            start += page.Count;
            if (page.Count == 0 || start > total)
            {
                return users;
            }
        }
    }

    public static string Invariant(this int value) => value.ToString(CultureInfo.InvariantCulture);

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
