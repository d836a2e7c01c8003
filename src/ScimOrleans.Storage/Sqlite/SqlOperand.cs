using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// An SQL expression standing for one attribute value in a filter or sort, with what a
/// comparison needs to know about it.
/// </summary>
/// <param name="Sql">The expression, e.g. <c>r.user_name_folded</c> or <c>json_extract(r.doc, @p3)</c>.</param>
/// <param name="Attribute">The attribute's definition: type and <c>caseExact</c>.</param>
/// <param name="Folded">The expression already holds folded text (a *_folded column).</param>
/// <param name="Indexed">A plain indexed column: worth a range condition for <c>sw</c>.</param>
/// <param name="SortableTimestamp">Text in <see cref="StoreTimestamps"/> form, comparable as text.</param>
/// <param name="Present">The SQL that is true when the value is present (RFC 7644 <c>pr</c>).</param>
internal sealed record SqlOperand(string Sql, AttributeDefinition Attribute, bool Folded, bool Indexed, bool SortableTimestamp, string Present)
{
    public static SqlOperand Column(string column, AttributeDefinition attribute, bool folded = false, bool sortableTimestamp = false) =>
        new(column, attribute, folded, Indexed: true, sortableTimestamp, $"({column} IS NOT NULL AND {column} <> '')");

    public static SqlOperand Expression(string sql, AttributeDefinition attribute, bool folded = false) =>
        new(sql, attribute, folded, Indexed: false, SortableTimestamp: false, $"({sql} IS NOT NULL AND {sql} <> '')");

    /// <summary>A value inside a JSON document: <paramref name="container"/> at <paramref name="pathParameter"/>.</summary>
    public static SqlOperand Json(string container, string pathParameter, AttributeDefinition attribute) =>
        new($"json_extract({container}, {pathParameter})", attribute, Folded: false, Indexed: false, SortableTimestamp: false,
            JsonPresent(container, pathParameter));

    /// <summary>
    /// Present means not null, not an empty string, not an empty array or object (RFC 7644
    /// §3.4.2.2 <c>pr</c>: "has a non-empty value, or if it contains a non-empty node").
    /// </summary>
    public static string JsonPresent(string container, string pathParameter) =>
        $"(CASE COALESCE(json_type({container}, {pathParameter}), 'null') " +
        $"WHEN 'null' THEN 0 " +
        $"WHEN 'text' THEN json_extract({container}, {pathParameter}) <> '' " +
        $"WHEN 'array' THEN json_array_length({container}, {pathParameter}) > 0 " +
        $"WHEN 'object' THEN json_extract({container}, {pathParameter}) <> '{{}}' " +
        $"ELSE 1 END)";
}
