using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;
using ScimOrleans.Testing;

namespace ScimOrleans.Silo.Tests.Durability;

/// <summary>An acknowledged write survives a SIGKILL of the process and a restart.</summary>
public sealed class KillAndRestartTests : IAsyncLifetime
{
    private const string Tenant = "durable";
    private const string Token = "durable-token-for-kill-tests";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "scim-kill-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Acknowledged_writes_survive_sigkill_and_restart()
    {
        var port = TestPorts.Next();
        var acknowledged = new List<(string Id, string UserName)>();
        string groupId;
        await using (var silo = await SiloProcess.StartAsync(_dataDirectory, Tenant, Token, port))
        {
            using var client = silo.CreateClient(Token);
            var creates = Enumerable.Range(0, 40).Select(async i =>
            {
                var userName = $"kill-{i}@example.com";
                var response = await client.PostAsync($"/scim/{Tenant}/v2/Users", ScimHttp.Json(ScimHttp.NewUser(userName)));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var body = await response.ReadObjectAsync();
                return (body["id"]!.GetValue<string>(), userName);
            });
            acknowledged.AddRange(await Task.WhenAll(creates));

            var group = await client.PostAsync($"/scim/{Tenant}/v2/Groups",
                ScimHttp.Json(ScimHttp.NewGroup("Survivors", [.. acknowledged.Take(5).Select(a => a.Id)])));
            Assert.Equal(HttpStatusCode.Created, group.StatusCode);
            groupId = (await group.ReadObjectAsync())["id"]!.GetValue<string>();

            var patch = await client.PatchAsync($"/scim/{Tenant}/v2/Users/{acknowledged[0].Id}",
                """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Patched before the kill"}]}""");
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

            await silo.KillAsync();
        }

        await using var restarted = await SiloProcess.StartAsync(_dataDirectory, Tenant, Token, TestPorts.Next());
        using var after = restarted.CreateClient(Token);
        foreach (var (id, userName) in acknowledged)
        {
            var response = await after.GetAsync($"/scim/{Tenant}/v2/Users/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(userName, (await response.ReadObjectAsync())["userName"]!.GetValue<string>());
        }

        var patched = await (await after.GetAsync($"/scim/{Tenant}/v2/Users/{acknowledged[0].Id}")).ReadObjectAsync();
        Assert.Equal("Patched before the kill", patched["displayName"]!.GetValue<string>());

        var members = (await (await after.GetAsync($"/scim/{Tenant}/v2/Groups/{groupId}")).ReadObjectAsync())["members"]!.AsArray();
        Assert.Equal(5, members.Count);

        // Uniqueness held by the store survives the restart too.
        var duplicate = await after.PostAsync($"/scim/{Tenant}/v2/Users", ScimHttp.Json(ScimHttp.NewUser(acknowledged[1].UserName.ToUpperInvariant())));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("uniqueness", (await duplicate.ReadObjectAsync())["scimType"]!.GetValue<string>());

        var list = await (await after.GetAsync($"/scim/{Tenant}/v2/Users?count=0")).ReadObjectAsync();
        Assert.Equal(acknowledged.Count, list["totalResults"]!.GetValue<int>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
