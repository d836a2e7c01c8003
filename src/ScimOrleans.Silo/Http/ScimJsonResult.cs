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

    // A buffer that grew past this for one large list is let go rather than kept by its thread.
    private const int RetainedBufferLimit = 256 * 1024;

    // Each thread's buffer and writer are only used between a write's start and its copy into the
    // response pipe, with no await in between, so a response costs neither allocation.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public JsonNode Body { get; } = body;

    public int Status { get; } = status;

    public Task ExecuteAsync(HttpContext httpContext)
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

        // Written whole before sending so the length is known: one write with Content-Length
        // instead of a chunked body.
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(InitialBufferSize);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer, WriterOptions);
        try
        {
            writer.Reset(buffer);
            Body.WriteTo(writer);
            writer.Flush();
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > RetainedBufferLimit)
            {
                _threadBuffer = null;
                _threadWriter = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }

        var flush = response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }
}
