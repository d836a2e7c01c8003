using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Resources;

/// <summary>
/// Checks a client value against an attribute definition and returns it in canonical form, or
/// null when the value means "unassigned" (null, "", [] or {} — RFC 7643 §2.5). Shared by
/// resource validation and PATCH so that both accept exactly the same shapes.
/// </summary>
public static partial class AttributeCoercion
{
    /// <summary>
    /// Coerces the whole value of an attribute: a multi-valued attribute always comes back as an
    /// array (a lone value is wrapped), a single-valued one given as a one-element array is
    /// unwrapped (Entra sends <c>manager</c> as <c>[{"value":"id"}]</c>).
    /// </summary>
    public static JsonNode? Coerce(JsonNode? value, AttributeDefinition attribute, string path)
    {
        if (IsUnassigned(value))
        {
            return null;
        }

        if (attribute.MultiValued)
        {
            var result = new JsonArray();
            IEnumerable<JsonNode?> items = value is JsonArray array ? array : [value];
            foreach (var item in items)
            {
                if (CoerceSingle(item, attribute, path) is { } coerced)
                {
                    result.Add(coerced);
                }
            }

            if (result.Count == 0)
            {
                return null;
            }

            EnsureSinglePrimary(result, path);
            return result;
        }

        if (value is JsonArray single)
        {
            return single.Count == 1
                ? CoerceSingle(single[0], attribute, path)
                : throw ScimException.InvalidValue($"'{path}' is single-valued but was given {single.Count} values.");
        }

        return CoerceSingle(value, attribute, path);
    }

    /// <summary>
    /// Coerces one value: one element of a multi-valued attribute, or the value of a
    /// single-valued attribute or sub-attribute.
    /// </summary>
    public static JsonNode? CoerceSingle(JsonNode? value, AttributeDefinition attribute, string path)
    {
        if (IsUnassigned(value))
        {
            return null;
        }

        return attribute.Type == AttributeType.Complex
            ? CoerceComplex(value!, attribute, path)
            : CoerceSimple(value!, attribute.Type, path);
    }

    /// <summary>RFC 7643 §2.4: at most one value of a multi-valued attribute may be primary.</summary>
    public static void EnsureSinglePrimary(JsonArray values, string path)
    {
        var primaries = values.Count(v => v is JsonObject o && ResourceLayout.Get(o, "primary") is JsonValue p
            && p.GetValueKind() == JsonValueKind.True);
        if (primaries > 1)
        {
            throw ScimException.InvalidValue($"'{path}' has {primaries} values marked primary; at most one is allowed.");
        }
    }

    /// <summary>A stored value in canonical form, so that "True" and true compare equal; as is when it does not coerce.</summary>
    internal static JsonNode? CanonicalOrSelf(JsonNode? value, AttributeDefinition attribute, string path)
    {
        try
        {
            return Coerce(value, attribute, path);
        }
        catch (ScimException)
        {
            return value;
        }
    }

    internal static bool IsUnassigned(JsonNode? value) => value switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.Null || (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0),
        _ => false,
    };

    private static JsonObject? CoerceComplex(JsonNode value, AttributeDefinition attribute, string path)
    {
        // Entra sends the enterprise manager as a bare id; any complex attribute with a "value"
        // sub-attribute accepts a scalar as that sub-attribute.
        if (value is JsonValue && attribute.FindSubAttribute("value") is not null)
        {
            value = new JsonObject { ["value"] = value.DeepClone() };
        }

        if (value is not JsonObject obj)
        {
            throw ScimException.InvalidValue($"'{path}' must be a complex value (a JSON object).");
        }

        var result = new JsonObject();
        var unknown = new List<string>();
        foreach (var (key, subValue) in obj)
        {
            var sub = attribute.FindSubAttribute(key);
            if (sub is null)
            {
                unknown.Add(key);
                continue;
            }

            // The service computes readOnly sub-attributes (members.display, manager.displayName).
            if (sub.Mutability == Mutability.ReadOnly)
            {
                continue;
            }

            var subPath = $"{path}.{sub.Name}";
            var coerced = sub.MultiValued ? Coerce(subValue, sub, subPath) : CoerceSingle(subValue, sub, subPath);
            if (coerced is not null)
            {
                result[sub.Name] = coerced;
            }
        }

        if (unknown.Count > 0)
        {
            throw ScimException.InvalidValue($"'{path}' has no sub-attribute {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        if (result.Count == 0)
        {
            return null;
        }

        var missing = attribute.SubAttributes.FirstOrDefault(s => s.Required && s.Mutability != Mutability.ReadOnly && !result.ContainsKey(s.Name));
        return missing is null
            ? result
            : throw ScimException.InvalidValue($"'{path}.{missing.Name}' is required.");
    }

    private static JsonValue? CoerceSimple(JsonNode value, AttributeType type, string path)
    {
        if (value is not JsonValue scalar)
        {
            throw ScimException.InvalidValue($"'{path}' must be a single {Describe(type)}, not {(value is JsonArray ? "an array" : "an object")}.");
        }

        var kind = scalar.GetValueKind();
        var text = kind == JsonValueKind.String ? scalar.GetValue<string>() : null;
        return type switch
        {
            AttributeType.Boolean => kind switch
            {
                JsonValueKind.True => JsonValue.Create(true),
                JsonValueKind.False => JsonValue.Create(false),
                // Entra sends "True"/"False", OneLogin sends string booleans too.
                JsonValueKind.String when bool.TryParse(text!.Trim(), out var b) => JsonValue.Create(b),
                _ => throw Mismatch(path, type, scalar),
            },
            AttributeType.Integer => ParseNumber(scalar, kind, text) is { } n && n == decimal.Truncate(n) && n is >= long.MinValue and <= long.MaxValue
                ? JsonValue.Create((long)n)
                : throw Mismatch(path, type, scalar),
            AttributeType.Decimal => ParseNumber(scalar, kind, text) is { } d
                ? JsonValue.Create(d)
                : throw Mismatch(path, type, scalar),
            AttributeType.DateTime => text is not null && IsoDateTime().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                ? JsonValue.Create(text)
                : throw Mismatch(path, type, scalar),
            AttributeType.Binary => text is not null && IsBase64(text)
                ? JsonValue.Create(text)
                : throw Mismatch(path, type, scalar),
            // Identifiers such as employeeNumber arrive as JSON numbers from some IdPs; their
            // text is what the client meant, so numbers are accepted for strings.
            AttributeType.String => kind switch
            {
                JsonValueKind.String => JsonValue.Create(text),
                JsonValueKind.Number => JsonValue.Create(scalar.ToJsonString()),
                _ => throw Mismatch(path, type, scalar),
            },
            AttributeType.Reference => text is not null ? JsonValue.Create(text) : throw Mismatch(path, type, scalar),
            _ => throw Mismatch(path, type, scalar),
        };
    }

    private static decimal? ParseNumber(JsonValue scalar, JsonValueKind kind, string? text) => kind switch
    {
        JsonValueKind.Number when decimal.TryParse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        JsonValueKind.String when decimal.TryParse(text!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static ScimException Mismatch(string path, AttributeType type, JsonValue value) =>
        ScimException.InvalidValue($"'{path}' must be {Describe(type)}; got {value.ToJsonString()}.");

    private static string Describe(AttributeType type) => type switch
    {
        AttributeType.Boolean => "a boolean",
        AttributeType.Integer => "an integer",
        AttributeType.Decimal => "a number",
        AttributeType.DateTime => "an ISO 8601 date-time string",
        AttributeType.Binary => "a base64 string",
        AttributeType.Reference => "a reference string",
        AttributeType.Complex => "a complex value",
        _ => "a string",
    };

    // xsd:dateTime as RFC 7643 §2.3.5 requires; DateTimeOffset.TryParse alone would also take "1/2/2020".
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDateTime();
}
