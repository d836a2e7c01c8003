using Microsoft.AspNetCore.Diagnostics;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Silo.Http;

/// <summary>
/// The one place where exceptions become SCIM error documents: protocol errors keep their status
/// and scimType; a dependency that is down (the database, a silo that died) is a 503 with
/// <c>Retry-After</c>; anything unexpected is a 500 whose detail reveals nothing internal.
/// </summary>
public sealed partial class ScimExceptionHandler(ILogger<ScimExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            ScimException scim => ScimResults.Error(scim),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                ScimResults.Error(413, null, "The request body is too large."),
            BadHttpRequestException bad => ScimResults.Error(bad.StatusCode, null, bad.Message),
            _ => null,
        };
        if (result is null && ServiceUnavailability.IsUnavailable(exception))
        {
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
            httpContext.Response.Headers.RetryAfter = ServiceUnavailability.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result = ScimResults.Error(503, null, "The service is temporarily unavailable; retry the request later.");
        }

        if (result is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            result = ScimResults.Error(500, null, $"An internal error occurred (trace {httpContext.TraceIdentifier}).");
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service unavailable on {Method} {Path}: {Type}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, string type, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
