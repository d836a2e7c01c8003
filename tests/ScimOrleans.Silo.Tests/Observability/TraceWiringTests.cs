using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

/// <summary>
/// Tracing costs every request an activity, every grain call trace context and every store call a
/// span, so it is wired only when something can record it: an exporter or a sample ratio.
/// </summary>
public sealed class TraceWiringTests
{
    [Fact]
    public async Task Without_an_exporter_or_a_sample_ratio_neither_a_tracer_nor_grain_call_propagation_is_wired()
    {
        await using var host = new ConfiguredScimHost();

        var client = host.CreateScimClient();
        (await client.GetAsync(host.BaseUrl + "/Users?count=1")).EnsureSuccessStatusCode();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.DoesNotContain(PropagationFilters(host.Services), _ => true);
    }

    [Fact]
    public async Task A_sample_ratio_wires_the_tracer_and_grain_call_propagation_without_an_exporter()
    {
        await using var host = new ConfiguredScimHost(("Telemetry:TraceSampleRatio", "0.5"));

        var client = host.CreateScimClient();
        (await client.GetAsync(host.BaseUrl + "/Users?count=1")).EnsureSuccessStatusCode();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotEmpty(PropagationFilters(host.Services));
    }

    private static IEnumerable<object> PropagationFilters(IServiceProvider services) =>
        services.GetServices<IOutgoingGrainCallFilter>().Cast<object>()
            .Concat(services.GetServices<IIncomingGrainCallFilter>())
            .Where(f => f.GetType().Name.Contains("ActivityPropagation", StringComparison.Ordinal));
}
