using System.Diagnostics;
using ScimOrleans.Silo.Auth;
using ScimOrleans.Silo.Http;

namespace ScimOrleans.Silo.Telemetry;

/// <summary>
/// Times every request under <c>/scim/{tenant}/v2</c> from the outside of the pipeline, so
/// refusals before any endpoint (401, 404, 429) are counted too, and counts the writes that
/// succeeded as provisioning changes. The tenant is named only when it is known to exist:
/// the request was authenticated, or did not end in 404.
/// </summary>
public sealed class ScimRequestMetricsMiddleware(RequestDelegate next, ScimMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ScimRoute.TryParse(context.Request, out var route))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch (Exception e) when (!context.Response.HasStarted && ServiceUnavailability.IsUnavailable(e))
        {
            // The outermost UnavailabilityStartupFilter answers this one with a 503.
            status = StatusCodes.Status503ServiceUnavailable;
            throw;
        }
        finally
        {
            var known = context.User.HasClaim(c => c.Type == ScimClaims.Tenant) || status != StatusCodes.Status404NotFound;
            var tenant = known ? metrics.TagFor(route.Tenant) : TenantTags.Unknown;
            metrics.RecordRequest(tenant, route.Resource, route.Operation, status, Stopwatch.GetElapsedTime(started));
            if (route.IsWrite && status is >= 200 and < 300)
            {
                metrics.RecordChange(route.Tenant, route.Resource, route.Operation);
            }

            Activity.Current?.SetTag(ScimMetrics.TenantTag, route.Tenant);
        }
    }
}
