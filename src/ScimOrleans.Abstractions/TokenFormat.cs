using System.Security.Cryptography;
using System.Text;

namespace ScimOrleans.Abstractions;

/// <summary>
/// Bearer token values. Issued tokens read <c>scim_{tokenId}_{secret}</c>, so validating one is a
/// single call to the token grain named by its id, never a scan. A value of any other shape
/// (an operator's <c>Bootstrap__Token</c>) is looked up under an id derived from its hash.
/// </summary>
public static class TokenFormat
{
    private const string Prefix = "scim_";

    public static string Compose(string tokenId, string secret) => $"{Prefix}{tokenId}_{secret}";

    /// <summary>Splits a presented value into the token grain's id and the secret to check.</summary>
    public static bool TryParse(string? value, out string tokenId, out string secret)
    {
        tokenId = "";
        secret = "";
        if (string.IsNullOrWhiteSpace(value) || value.Length > 512 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var separator = value.IndexOf('_', Prefix.Length);
            if (separator > Prefix.Length && separator < value.Length - 1)
            {
                tokenId = value[Prefix.Length..separator];
                secret = value[(separator + 1)..];
                return true;
            }
        }

        tokenId = ExternalTokenId(value);
        secret = value;
        return true;
    }

    /// <summary>The id under which a token of foreign shape is kept.</summary>
    public static string ExternalTokenId(string value) =>
        "ext-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    /// <summary>Only this hash is stored; secrets are high-entropy, so a plain SHA-256 suffices.</summary>
    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string NewTokenId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '.');
}
