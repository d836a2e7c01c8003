namespace ScimOrleans.Storage;

/// <summary>
/// The ORDER BY of a list request and the keyset predicate that continues it, the same SQL for
/// both engines (SQLite and PostgreSQL agree on NULLS FIRST/LAST and row comparisons written out).
/// The order is the sort key (missing values last ascending, first descending: RFC 7644
/// §3.4.2.3), then id ascending, so ties and missing values still page in one stable order.
/// </summary>
internal static class KeysetSql
{
    /// <summary>
    /// <c>LIMIT @limit</c> as both engines run it without re-planning. SQLite's planner reads a
    /// bare bound LIMIT or OFFSET as a constant, so binding it again (every execution of a cached
    /// statement) expires the statement and the next step prepares it anew, which doubled the
    /// cost of a filtered GET; a CAST makes it an expression evaluated when the query runs.
    /// </summary>
    public const string Limit = "LIMIT CAST(@limit AS INTEGER)";

    /// <summary><c>OFFSET @offset</c>, for the same reason as <see cref="Limit"/>.</summary>
    public const string Offset = "OFFSET CAST(@offset AS INTEGER)";

    public static string OrderBy(string? sortKey, bool descending) =>
        sortKey is null ? "r.id"
        : descending ? $"{sortKey} DESC NULLS FIRST, r.id"
        : $"{sortKey} ASC NULLS LAST, r.id";

    /// <summary>
    /// The rows after <paramref name="after"/> in <see cref="OrderBy"/>'s order.
    /// <paramref name="parameter"/> adds a value and returns its placeholder.
    /// Without a sort key this is <c>r.id &gt; @id</c>: a range of the (tenant, type[, kind], id)
    /// index, so the last page of a million users is read like the first.
    /// </summary>
    public static string After(string? sortKey, bool descending, KeysetPosition after, Func<object, string> parameter)
    {
        var id = parameter(after.Id);
        if (sortKey is null)
        {
            return $"r.id > {id}";
        }

        var key = $"({sortKey})";
        if (after.SortValue is null)
        {
            // The last row read had no value: ascending, only rows without one (later ids) remain;
            // descending, those and then every row with a value.
            return descending
                ? $"({key} IS NOT NULL OR r.id > {id})"
                : $"({key} IS NULL AND r.id > {id})";
        }

        var value = parameter(after.SortValue);
        return descending
            ? $"({key} < {value} OR ({key} = {value} AND r.id > {id}))"
            : $"({key} > {value} OR ({key} = {value} AND r.id > {id}) OR {key} IS NULL)";
    }

    /// <summary>
    /// Ends a keyset page read with one row more than <paramref name="count"/>: drops that row
    /// (it only tells that another page follows) and gives the position of the last row kept.
    /// </summary>
    public static (bool HasMore, KeysetPosition? Last) EndPage(List<ResourceRow> rows, List<object?> keys, int count)
    {
        var hasMore = rows.Count > Math.Max(0, count);
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
            keys.RemoveAt(keys.Count - 1);
        }

        return (hasMore, rows.Count == 0 ? null : new KeysetPosition(keys[^1], rows[^1].Id));
    }
}
