using System.Text;
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
    public static async Task<string> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (!ScimMediaTypes.IsAccepted(request.ContentType))
        {
            throw new ScimException(StatusCodes.Status415UnsupportedMediaType, null,
                $"Content-Type '{request.ContentType}' is not supported; send {ScimMediaTypes.Scim}.");
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<ScimOptions>>().Value.MaxPayloadSize;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw ScimException.InvalidSyntax("The request body is empty.");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw ScimException.InvalidSyntax("The request body is not UTF-8.");
        }
    }

    private static ScimException TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, null, $"The request body exceeds maxPayloadSize ({limit} bytes).");
}
