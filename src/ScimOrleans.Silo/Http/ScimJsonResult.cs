using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Http;

/// <summary>A SCIM JSON response with its status, and the ETag and Location headers when known.</summary>
public sealed class ScimJsonResult(JsonNode body, int status, string? etag = null, string? location = null) : IResult
{
    // Bodies are JSON for API clients, never embedded in HTML, so only what JSON requires is escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Fits a typical single resource without growing.
    private const int InitialBufferSize = 4096;

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

        // Written whole before sending (as a writer over the body stream would buffer it anyway),
        // so the length is known: one write with Content-Length instead of a chunked body.
        var buffer = new ArrayBufferWriter<byte>(InitialBufferSize);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Body.WriteTo(writer);
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }
}
