using System.Text.Json.Nodes;

namespace ScimOrleans.Import;

/// <summary>
/// How a CSV header names a SCIM attribute: <c>givenName</c>, <c>familyName</c>,
/// <c>middleName</c> and <c>formatted</c> go under <c>name</c>; <c>email</c> is the primary work
/// email, <c>phoneNumber</c> the work phone; <c>employeeNumber</c>, <c>department</c>,
/// <c>costCenter</c>, <c>organization</c>, <c>division</c> and <c>manager</c> (an id) go to the
/// enterprise extension; <c>active</c> is a boolean; a dotted header (<c>name.honorificPrefix</c>)
/// is a sub-attribute; any other header is a top-level string attribute (<c>userName</c>,
/// <c>externalId</c>, <c>displayName</c>, <c>title</c>...).
/// </summary>
public sealed class CsvColumns
{
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static readonly HashSet<string> NameParts = new(["givenName", "familyName", "middleName", "formatted", "honorificPrefix", "honorificSuffix"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> EnterpriseParts = new(["employeeNumber", "department", "costCenter", "organization", "division"], StringComparer.OrdinalIgnoreCase);

    private readonly Action<JsonObject, string> _apply;

    private CsvColumns(string header, Action<JsonObject, string> apply)
    {
        Header = header;
        _apply = apply;
    }

    public string Header { get; }

    public void Apply(JsonObject user, string value) => _apply(user, value);

    public static IReadOnlyList<CsvColumns> FromHeader(IReadOnlyList<string> header)
    {
        var columns = header.Select(h => For(h.Trim())).ToList();
        var duplicate = columns.GroupBy(c => c.Header, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"The CSV header names '{duplicate.Key}' twice.");
        }

        if (!columns.Any(c => string.Equals(c.Header, "userName", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidDataException("The CSV header has no userName column.");
        }

        return columns;
    }

    private static CsvColumns For(string header)
    {
        if (header.Length == 0)
        {
            throw new InvalidDataException("The CSV header has an empty column name.");
        }

        if (string.Equals(header, "active", StringComparison.OrdinalIgnoreCase))
        {
            return new(header, (user, value) => user["active"] = ParseBool(value));
        }

        if (string.Equals(header, "email", StringComparison.OrdinalIgnoreCase))
        {
            return new(header, (user, value) => user["emails"] = new JsonArray(new JsonObject { ["value"] = value, ["type"] = "work", ["primary"] = true }));
        }

        if (string.Equals(header, "phoneNumber", StringComparison.OrdinalIgnoreCase) || string.Equals(header, "phone", StringComparison.OrdinalIgnoreCase))
        {
            return new(header, (user, value) => user["phoneNumbers"] = new JsonArray(new JsonObject { ["value"] = value, ["type"] = "work" }));
        }

        if (NameParts.Contains(header))
        {
            return new(header, (user, value) => Child(user, "name")[Canonical(header, NameParts)] = value);
        }

        if (EnterpriseParts.Contains(header))
        {
            return new(header, (user, value) => Enterprise(user)[Canonical(header, EnterpriseParts)] = value);
        }

        if (string.Equals(header, "manager", StringComparison.OrdinalIgnoreCase))
        {
            return new(header, (user, value) => Enterprise(user)["manager"] = new JsonObject { ["value"] = value });
        }

        var dot = header.IndexOf('.');
        if (dot > 0 && dot < header.Length - 1)
        {
            var (parent, child) = (header[..dot], header[(dot + 1)..]);
            return new(header, (user, value) => Child(user, parent)[child] = value);
        }

        return new(header, (user, value) => user[header] = value);
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static JsonObject Enterprise(JsonObject user)
    {
        if (user["schemas"] is JsonArray schemas && !schemas.Any(s => s?.GetValue<string>() == EnterpriseSchema))
        {
            schemas.Add(EnterpriseSchema);
        }

        return Child(user, EnterpriseSchema);
    }

    private static string Canonical(string header, HashSet<string> names) => names.First(n => string.Equals(n, header, StringComparison.OrdinalIgnoreCase));

    private static bool ParseBool(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "y" => true,
        "false" or "0" or "no" or "n" => false,
        _ => throw new FormatException($"active must be true or false, not '{value}'"),
    };
}
