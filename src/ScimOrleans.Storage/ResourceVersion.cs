namespace ScimOrleans.Storage;

/// <summary>Resource versions as weak entity tags (<c>W/"3"</c>) for <c>meta.version</c> and ETag.</summary>
public static class ResourceVersion
{
    public static string ToETag(long version) => $"W/\"{version}\"";

    /// <summary>
    /// Whether an If-Match (or If-None-Match) header names this version. No header matches;
    /// <c>*</c> matches; weak and strong forms of the same tag match (RFC 7644 §3.14 uses weak tags).
    /// </summary>
    public static bool Matches(string? header, long version)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return true;
        }

        foreach (var raw in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "*")
            {
                return true;
            }

            var tag = raw.StartsWith("W/", StringComparison.OrdinalIgnoreCase) ? raw[2..] : raw;
            tag = tag.Trim('"');
            if (long.TryParse(tag, out var parsed) && parsed == version)
            {
                return true;
            }
        }

        return false;
    }
}
