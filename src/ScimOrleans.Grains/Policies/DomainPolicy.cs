using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Grains.Policies;

/// <summary>
/// Skillcast's "one token, one domain": a token bound to a domain may only create or change users
/// whose userName and work or primary e-mail addresses are in that domain (or a subdomain of it).
/// </summary>
public static partial class DomainPolicy
{
    public static bool IsValidDomain(string domain) => DomainPattern().IsMatch(domain);

    /// <summary>Throws 403 naming the domain when the user is outside it; nothing is stored then.</summary>
    public static void Enforce(JsonObject user, string? domain)
    {
        if (domain is null)
        {
            return;
        }

        foreach (var address in AddressesOf(user))
        {
            if (!IsInside(address, domain))
            {
                throw new ScimException(403, null,
                    $"This token may only provision users in the domain '{domain}'; '{address}' is outside it.");
            }
        }
    }

    private static IEnumerable<string> AddressesOf(JsonObject user)
    {
        if (user["userName"]?.GetValue<string>() is { } userName)
        {
            yield return userName;
        }

        foreach (var email in (user["emails"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var isWork = string.Equals(email["type"]?.GetValue<string>(), "work", StringComparison.OrdinalIgnoreCase);
            var isPrimary = email["primary"]?.GetValue<bool>() == true;
            if ((isWork || isPrimary) && email["value"]?.GetValue<string>() is { } value)
            {
                yield return value;
            }
        }
    }

    private static bool IsInside(string address, string domain)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var host = address[(at + 1)..];
        return string.Equals(host, domain, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex DomainPattern();
}
