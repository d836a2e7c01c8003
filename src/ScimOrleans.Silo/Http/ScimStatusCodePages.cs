using Microsoft.AspNetCore.Diagnostics;

namespace ScimOrleans.Silo.Http;

/// <summary>Bodiless errors under /scim (unknown route, wrong method) still get a SCIM error document.</summary>
public static class ScimStatusCodePages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!http.Request.Path.StartsWithSegments("/scim"))
        {
            return Task.CompletedTask;
        }

        var status = http.Response.StatusCode;
        var detail = status switch
        {
            404 => "No such SCIM endpoint.",
            405 => $"{http.Request.Method} is not allowed here.",
            _ => $"The request failed with status {status}.",
        };
        return ScimResults.Error(status, null, detail).ExecuteAsync(http);
    }
}
