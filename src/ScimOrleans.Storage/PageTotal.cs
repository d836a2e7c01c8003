namespace ScimOrleans.Storage;

/// <summary>
/// When a list request's total can be read off its page: a page that came back short (or empty
/// at the start) is the last one, so the total is its offset plus its rows and no COUNT needs to
/// run. A filter on a unique value (<c>userName eq</c>) then costs one query instead of two.
/// </summary>
internal static class PageTotal
{
    /// <summary>The total, or null when only a COUNT can tell (a full page, or an empty one past the start).</summary>
    public static int? FromPage(int offset, int limit, int rows) =>
        rows < limit && (rows > 0 || offset == 0) ? offset + rows : null;
}
