using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ScimOrleans.Silo.Http;
using ScimOrleans.Silo.Telemetry;

namespace ScimOrleans.Silo.Hosting;

public static class RateLimitingHosting
{
    /// <summary>
    /// A token bucket per tenant (the <c>{tenant}</c> route value) over <c>/scim/{tenant}/v2</c>;
    /// every other path is unlimited. Over the limit: 429 with <c>Retry-After</c> and a SCIM error.
    /// The limiter runs after authentication, so requests with a bad token never spend a tenant's
    /// permits: a stranger cannot throttle a tenant's IdP.
    /// </summary>
    public static WebApplicationBuilder AddScimRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptionsMonitor<RateLimitingOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                limits.CurrentValue.Enabled && TenantOf(http) is { } tenant
                    ? RateLimitPartition.GetTokenBucketLimiter(tenant, key => Bucket(limits.CurrentValue.For(key)))
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>The limiter in the pipeline; any position after routing and before the endpoints.</summary>
    public static WebApplication UseScimRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static string? TenantOf(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/scim") ? http.GetRouteValue("tenant") as string : null;

    private static TokenBucketRateLimiterOptions Bucket((int PermitsPerSecond, int Burst) limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = limit.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0, // refuse at once: an IdP retries after Retry-After rather than holding a connection
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var tenant = TenantOf(http) ?? "";
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ScimMetrics>().RecordRateLimited(tenant);
        await ScimResults.Error(StatusCodes.Status429TooManyRequests, null,
            $"Too many requests for tenant '{tenant}': retry after {seconds} s.").ExecuteAsync(http);
    }
}
