using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// Admin API errors as RFC 7807 problem details: from handlers, from faults the grains return,
/// from protocol errors (a bad filter), and for bodiless statuses (unknown route, unreadable body).
/// </summary>
public static class AdminProblems
{
    public static ProblemHttpResult Problem(int status, string detail, string? scimType = null) =>
        TypedResults.Problem(detail: detail, statusCode: status,
            extensions: scimType is null ? null : new Dictionary<string, object?> { ["scimType"] = scimType });

    public static ProblemHttpResult Problem(ScimFault fault) => Problem(fault.Status, fault.Detail, fault.ScimType);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, detail);

    /// <summary>For bodiless error statuses under /admin, e.g. a body minimal APIs could not bind.</summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!http.Request.Path.StartsWithSegments(AdminApi.Prefix))
        {
            return Task.CompletedTask;
        }

        var status = http.Response.StatusCode;
        var detail = status switch
        {
            400 => "The request could not be read: send a JSON body (Content-Type: application/json) of the shape /openapi/v1.json documents, and query values of the right type.",
            404 => "No such admin endpoint.",
            405 => $"{http.Request.Method} is not allowed here.",
            415 => "Send the body as application/json.",
            _ => $"The request failed with status {status}.",
        };
        return Problem(status, detail).ExecuteAsync(http);
    }
}
