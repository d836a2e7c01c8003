using ScimOrleans.Silo.Http;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// The outermost middleware (an <see cref="IStartupFilter"/>, so it wraps even the authentication
/// and authorization middleware WebApplication adds before the app's own): a failure of a
/// dependency that escapes everything else (the bearer handler's token-grain call while a silo
/// died, the database is down) becomes a 503 with <c>Retry-After</c> instead of Kestrel's empty 500.
/// SCIM paths get a SCIM error document, others a problem document.
/// </summary>
public sealed partial class UnavailabilityStartupFilter(ILogger<UnavailabilityStartupFilter> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            try
            {
                await inner(context);
            }
            catch (Exception exception) when (!context.Response.HasStarted && ServiceUnavailability.IsUnavailable(exception))
            {
                LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
                context.Response.Clear();
                context.Response.Headers.RetryAfter = ServiceUnavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                const string Detail = "The service is temporarily unavailable; retry the request later.";
                if (context.Request.Path.StartsWithSegments("/scim"))
                {
                    await ScimResults.Error(StatusCodes.Status503ServiceUnavailable, null, Detail).ExecuteAsync(context);
                }
                else
                {
                    await Results.Problem(Detail, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                }
            }
        });
        next(app);
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service unavailable on {Method} {Path}: {Type}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string type, string message);
}
