using Microsoft.Net.Http.Headers;

namespace ScimOrleans.Silo.Http;

public static class ScimMediaTypes
{
    public const string Scim = "application/scim+json";
    public const string ScimUtf8 = "application/scim+json; charset=utf-8";

    /// <summary>SCIM bodies are <c>application/scim+json</c>; plain <c>application/json</c> is accepted too.</summary>
    public static bool IsAccepted(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var media = parsed.MediaType.Value;
        return string.Equals(media, Scim, StringComparison.OrdinalIgnoreCase)
            || string.Equals(media, "application/json", StringComparison.OrdinalIgnoreCase);
    }
}
