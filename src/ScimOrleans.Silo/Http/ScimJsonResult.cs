using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Http;

/// <summary>A SCIM JSON response with its status, and the ETag and Location headers when known.</summary>
public sealed class ScimJsonResult(JsonNode body, int status, string? etag = null, string? location = null) : IResult
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public JsonNode Body { get; } = body;

    public int Status { get; } = status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ScimMediaTypes.ScimUtf8;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        if (location is not null)
        {
            response.Headers.Location = location;
        }

        await using var writer = new Utf8JsonWriter(response.Body);
        Body.WriteTo(writer, Options);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
