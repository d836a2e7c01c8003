using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

public sealed class OtlpExporterTests
{
    [Fact]
    public async Task A_configured_otlp_endpoint_that_nobody_listens_on_does_not_stop_the_service()
    {
        await using var host = new ConfiguredScimHost(
            ("Telemetry:Otlp:Endpoint", "http://127.0.0.1:9"),
            ("Telemetry:Otlp:Protocol", "http/protobuf"));

        var client = host.CreateScimClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(host.BaseUrl + "/Users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
