using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class PrometheusTests(ObservabilityHost host)
{
    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_text_with_scim_store_and_orleans_series()
    {
        var scim = host.CreateRawClient(ObservabilityHost.Token);
        Assert.Equal(HttpStatusCode.Created,
            (await scim.PostAsync($"/scim/{ObservabilityHost.Tenant}/v2/Users", ScimHttp.Json(ScimHttp.NewUser($"scrape-{Guid.NewGuid():N}@example.com")))).StatusCode);

        var response = await host.CreateRawClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("scim_request_duration_seconds_bucket{", text);
        Assert.Contains("scim_provisioning_changes_total{", text);
        Assert.Contains($"scim_tenant=\"{ObservabilityHost.Tenant}\"", text);
        Assert.Contains("scim_store_write_batch_size", text);
        Assert.Contains("scim_store_write_batch_duration_seconds", text);
        Assert.Contains("\norleans_", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        // The runtime's GC figures, read beside the working set when judging memory.
        Assert.Contains("dotnet_gc_last_collection_heap_size_bytes{", text);
        Assert.Contains("dotnet_process_memory_working_set_bytes", text);
        Assert.DoesNotContain(ObservabilityHost.Token, text);
    }

    [Fact]
    public async Task Http_server_metrics_are_left_out_unless_asked_for()
    {
        await using var plain = new ConfiguredScimHost();
        using var client = plain.CreateScimClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{plain.BaseUrl}/Users?count=1")).StatusCode);

        var text = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Contains("scim_request_duration_seconds_bucket{", text);
        Assert.DoesNotContain("http_server_request_duration_seconds", text);
    }
}
