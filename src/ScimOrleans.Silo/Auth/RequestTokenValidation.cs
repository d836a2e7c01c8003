using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tokens;

namespace ScimOrleans.Silo.Auth;

/// <summary>
/// A request's bearer token is validated once, however many parts of the pipeline ask (the
/// tenant-less route needs the token's tenant before authentication runs), so a token's use is
/// counted once per request.
/// </summary>
public static class RequestTokenValidation
{
    private const string BearerPrefix = "Bearer ";

    private static readonly object ItemKey = new();

    /// <summary>The token id and secret of a well-formed <c>Authorization: Bearer</c> header.</summary>
    public static bool TryRead(HttpRequest request, out string tokenId, out string secret)
    {
        tokenId = secret = "";
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && TokenFormat.TryParse(header[BearerPrefix.Length..].Trim(), out tokenId, out secret);
    }

    public static async ValueTask<TokenValidation> ValidateAsync(HttpContext http, TokenValidationCache validations, string tokenId, string secret)
    {
        if (http.Items.TryGetValue(ItemKey, out var known) && known is (string id, TokenValidation validation) && id == tokenId)
        {
            return validation;
        }

        var answer = await validations.ValidateAsync(tokenId, secret);
        http.Items[ItemKey] = (tokenId, answer);
        return answer;
    }
}
