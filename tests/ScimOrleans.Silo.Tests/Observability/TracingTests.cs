using System.Diagnostics;
using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class TracingTests(ObservabilityHost host)
{
    [Fact]
    public async Task One_trace_follows_a_create_from_http_through_the_grain_call_to_the_store()
    {
        var tenant = "trace-" + Guid.NewGuid().ToString("N")[..8];
        var token = await host.CreateTenantAsync(tenant);
        var path = $"/scim/{tenant}/v2/Users";

        var response = await host.CreateRawClient(token).PostAsync(path, ScimHttp.Json(ScimHttp.NewUser("grace@example.com")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The server span ends after the response is on its way: wait for the exporter to see it.
        var server = await EventuallyAsync(() => host.Spans().FirstOrDefault(a =>
            a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server && Equals(a.GetTagItem("url.path"), path)));
        var trace = await EventuallyAsync(() =>
        {
            var spans = host.Spans().Where(a => a.TraceId == server.TraceId).ToList();
            return spans.Any(a => a.Source.Name == "ScimOrleans.Storage" && a.DisplayName == "store create") ? spans : null;
        });

        Assert.Equal(tenant, server.GetTagItem("scim.tenant"));
        var grainCall = Assert.Single(trace, a => a.Source.Name == "Microsoft.Orleans.Application" && a.Kind == ActivityKind.Server
            && a.DisplayName.EndsWith("/Create", StringComparison.Ordinal));
        var store = Assert.Single(trace, a => a.DisplayName == "store create");
        Assert.Equal(tenant, store.GetTagItem("scim.tenant"));
        Assert.True(IsWithin(store, grainCall, trace), "the store span runs inside the grain call");
        Assert.True(IsWithin(grainCall, server, trace), "the grain call runs inside the HTTP request");

        // No span of the request carries the bearer token or the Authorization header.
        foreach (var span in trace)
        {
            foreach (var tag in span.TagObjects)
            {
                Assert.DoesNotContain(token, Convert.ToString(tag.Value) ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain("authorization", tag.Key, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static bool IsWithin(Activity inner, Activity outer, IReadOnlyList<Activity> trace)
    {
        for (var parent = inner.ParentSpanId; parent != default;)
        {
            if (parent == outer.SpanId)
            {
                return true;
            }

            parent = trace.FirstOrDefault(a => a.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return probe() ?? throw new Xunit.Sdk.XunitException("The expected spans were not exported within 5 s.");
    }
}
