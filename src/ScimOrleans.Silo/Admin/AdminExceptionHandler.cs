using Microsoft.AspNetCore.Diagnostics;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// The one place where exceptions under <c>/admin/v1</c> become problem documents: refused input
/// and protocol errors (a bad filter) keep their status; anything unexpected is a 500 whose detail
/// reveals nothing internal. Other paths are left to the SCIM handler.
/// </summary>
public sealed partial class AdminExceptionHandler(ILogger<AdminExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(AdminApi.Prefix))
        {
            return false;
        }

        var problem = exception switch
        {
            AdminRequestException refused => AdminProblems.Problem(refused.Status, refused.Message),
            ScimException scim => AdminProblems.Problem(scim.Status, scim.Detail, scim.ScimType),
            BadHttpRequestException bad => AdminProblems.Problem(bad.StatusCode,
                $"{bad.Message} See /openapi/v1.json for the shape of each request."),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = AdminProblems.Problem(StatusCodes.Status500InternalServerError, $"An internal error occurred (trace {httpContext.TraceIdentifier}).");
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled admin API error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
