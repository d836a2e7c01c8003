using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Silo.Hosting;

namespace ScimOrleans.Silo.Http;

/// <summary>
/// Reads a request body as text within the advertised <c>maxPayloadSize</c>: larger bodies get
/// 413, other media types 415. Parsing is left to the grain so a body is parsed once.
/// </summary>
public static class ScimRequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Task<string> ReadAsync(HttpContext context) =>
        ReadAsync(context, context.RequestServices.GetRequiredService<IOptions<ScimOptions>>().Value.MaxPayloadSize);

    /// <summary>Reads the body within <paramref name="limit"/> bytes (/Bulk has a larger limit of its own).</summary>
    public static async Task<string> ReadAsync(HttpContext context, int limit)
    {
        var request = context.Request;
        if (!ScimMediaTypes.IsAccepted(request.ContentType))
        {
            throw new ScimException(StatusCodes.Status415UnsupportedMediaType, null,
                $"Content-Type '{request.ContentType}' is not supported; send {ScimMediaTypes.Scim}.");
        }

        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // The server's own cap (Kestrel: 30 MB) must not cut in before ours, whichever is larger.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody
            && maxBody.MaxRequestBodySize is { } serverLimit && serverLimit < limit)
        {
            maxBody.MaxRequestBodySize = limit;
        }

        // Read whole from the request pipe (examined, not consumed, until the end) and decoded once:
        // no copy into a stream of its own.
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted);
            var content = read.Buffer;
            if (content.Length > limit)
            {
                body.AdvanceTo(content.End);
                throw TooLarge(limit);
            }

            if (!read.IsCompleted)
            {
                body.AdvanceTo(content.Start, content.End);
                continue;
            }

            try
            {
                return content.Length == 0
                    ? throw ScimException.InvalidSyntax("The request body is empty.")
                    : StrictUtf8.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                throw ScimException.InvalidSyntax("The request body is not UTF-8.");
            }
            finally
            {
                body.AdvanceTo(content.End);
            }
        }
    }

    private static ScimException TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, null, $"The request body exceeds maxPayloadSize ({limit} bytes).");
}
