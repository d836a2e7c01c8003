using Microsoft.AspNetCore.Diagnostics;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Silo.Http;

/// <summary>
/// The one place where exceptions become SCIM error documents: protocol errors keep their status
/// and scimType; anything unexpected is a 500 whose detail reveals nothing internal.
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
        if (result is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            result = ScimResults.Error(500, null, $"An internal error occurred (trace {httpContext.TraceIdentifier}).");
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
