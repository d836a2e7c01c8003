using System.Globalization;

namespace ScimOrleans.Storage;

/// <summary>
/// The text form of <c>meta.created</c> and <c>meta.lastModified</c>: UTC with a fixed width and
/// seven fractional digits, so that text order is chronological order (an index can answer a range
/// on it) and a <see cref="DateTimeOffset"/> survives the round trip exactly.
/// </summary>
public static class StoreTimestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Parses any xsd:dateTime a client may write in a filter; null when it is not one.</summary>
    public static DateTimeOffset? TryParseClientValue(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
