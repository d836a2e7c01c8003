using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Filters;

/// <summary>
/// Compares one stored value with a filter literal according to the attribute's type. A literal
/// of the wrong type (a string for a boolean, "42" for an integer) never matches, not even "ne".
/// </summary>
internal static class FilterValueComparer
{
    public static bool Matches(JsonNode value, AttributeDefinition attribute, ComparisonOperator op, object literal) => attribute.Type switch
    {
        AttributeType.Boolean => literal is bool expected
            && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            && op switch
            {
                ComparisonOperator.Equal => value.GetValue<bool>() == expected,
                ComparisonOperator.NotEqual => value.GetValue<bool>() != expected,
                _ => false,
            },
        AttributeType.Integer or AttributeType.Decimal => literal is decimal expected
            && TryGetNumber(value, out var number)
            && Ordered(number.CompareTo(expected), op),
        AttributeType.DateTime => literal is string expected
            && TryParseDate(expected, out var expectedDate)
            && value is JsonValue stored && TryGetDate(stored, out var date)
            && Ordered(date.CompareTo(expectedDate), op),
        AttributeType.Complex => false,
        _ => literal is string expected
            && value is JsonValue stored && TryGetString(stored, out var text)
            && CompareStrings(text, expected, attribute.CaseExact ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase, op),
    };

    public static bool TryGetString(JsonValue value, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (value.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        if (value.TryGetValue(out text))
        {
            return true;
        }

        // Values built in code (a DateTimeOffset, a Guid) are strings in JSON but not in memory.
        using var document = JsonDocument.Parse(value.ToJsonString());
        text = document.RootElement.GetString();
        return text is not null;
    }

    private static bool CompareStrings(string text, string expected, StringComparison comparison, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Contains => text.Contains(expected, comparison),
        ComparisonOperator.StartsWith => text.StartsWith(expected, comparison),
        ComparisonOperator.EndsWith => text.EndsWith(expected, comparison),
        _ => Ordered(string.Compare(text, expected, comparison), op),
    };

    private static bool Ordered(int comparison, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => comparison == 0,
        ComparisonOperator.NotEqual => comparison != 0,
        ComparisonOperator.GreaterThan => comparison > 0,
        ComparisonOperator.GreaterThanOrEqual => comparison >= 0,
        ComparisonOperator.LessThan => comparison < 0,
        ComparisonOperator.LessThanOrEqual => comparison <= 0,
        _ => false,
    };

    private static bool TryGetNumber(JsonNode node, out decimal number)
    {
        number = 0;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        return value.TryGetValue(out number)
            || decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static bool TryGetDate(JsonValue value, out DateTimeOffset date)
    {
        if (value.TryGetValue(out date))
        {
            return true;
        }

        if (value.TryGetValue(out DateTime dateTime))
        {
            date = dateTime.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dateTime, TimeSpan.Zero) : new DateTimeOffset(dateTime);
            return true;
        }

        return TryGetString(value, out var text) && TryParseDate(text, out date);
    }

    // RFC 7643 §2.3.5: xsd:dateTime; a value without an offset is taken as UTC.
    private static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
}
