using System.Net;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class HealthTests(ObservabilityHost host)
{
    [Fact]
    public async Task Live_answers_without_credentials()
    {
        var response = await host.CreateRawClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ready_reports_the_store_and_the_silo_as_json()
    {
        var response = await host.CreateRawClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["silo"]!["status"]!.GetValue<string>());
    }
}
