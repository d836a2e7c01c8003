namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// The <c>path</c> of a bulk operation: a resource endpoint (<c>/Users</c>) for a POST, one
/// resource (<c>/Users/2819c223</c> or <c>/Users/bulkId:qwerty</c>) otherwise.
/// </summary>
public sealed record BulkPath(string Endpoint, string? Id, string? BulkIdReference)
{
    public bool NamesResource => Id is not null || BulkIdReference is not null;

    /// <summary>Null when the text is not <c>/{endpoint}</c> or <c>/{endpoint}/{id}</c>.</summary>
    public static BulkPath? TryParse(string path)
    {
        var text = path.Trim();
        var query = text.IndexOfAny(['?', '#']);
        if (query >= 0 || !text.StartsWith('/'))
        {
            return null;
        }

        var segments = text[1..].TrimEnd('/').Split('/');
        if (segments.Length is < 1 or > 2 || segments.Any(s => s.Length == 0))
        {
            return null;
        }

        var endpoint = "/" + segments[0];
        if (segments.Length == 1)
        {
            return new BulkPath(endpoint, null, null);
        }

        var id = Uri.UnescapeDataString(segments[1]);
        return id.StartsWith(BulkReferences.Prefix, StringComparison.Ordinal)
            ? new BulkPath(endpoint, null, id[BulkReferences.Prefix.Length..])
            : new BulkPath(endpoint, id, null);
    }
}
