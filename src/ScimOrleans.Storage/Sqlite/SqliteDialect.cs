using Microsoft.Data.Sqlite;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// SQLite's side of <see cref="SqlFilterTranslator"/>: the document read with <c>json_extract</c>
/// and <c>json_each</c> (JSON true and false read as 1 and 0), numbers compared as doubles,
/// client-written timestamps as julian days, <c>instr</c> and <c>substr</c> for strings.
/// </summary>
internal sealed class SqliteDialect(SqlParameters parameters) : SqlDialect
{
    /// <summary>The statements of a list request, in SQLite.</summary>
    public static QueryStatement<SqliteCommand> Statement(ResourceSchema schema, ResourceQuery query)
    {
        var parameters = new SqlParameters();
        return QueryStatement<SqliteCommand>.Build(schema, query, new SqlFilterTranslator(schema, new SqliteDialect(parameters)), parameters);
    }

    public override string Parameter(object value) => parameters.Add(value);

    public override string Literal(bool value) => value ? "1" : "0";

    public override string NotEqual(string left, string right) => $"{left} IS NOT {right}";

    public override object Number(AttributeDefinition attribute, object value) => value switch
    {
        decimal d => (double)d,
        double d => d,
        float f => (double)f,
        int i => (double)i,
        long l => (double)l,
        _ => throw ScimException.InvalidFilter($"'{attribute.Name}' is numeric; compare it with a number."),
    };

    public override string Instant(string sql) => $"julianday({sql})";

    public override string InstantParameter(DateTimeOffset instant) => Instant(Parameter(StoreTimestamps.ToText(instant)));

    public override string Position(string text, string part) => $"instr({text}, {part})";

    public override string Prefix(string text, string length) => $"substr({text}, 1, {length})";

    public override string Suffix(string text, string length) => $"substr({text}, -{length})";

    public override string MaxCharacter => "char(1114111)";

    public override SqlOperand Null(AttributeDefinition attribute) => Expression("NULL", attribute);

    public override SqlOperand Json(string container, IReadOnlyList<string> keys, AttributeDefinition attribute) =>
        JsonAt(container, Parameter(SqliteJsonPath.Of(keys)), attribute);

    public override SqlOperand FirstElement(IReadOnlyList<string> arrayKeys, IReadOnlyList<string> keys, AttributeDefinition attribute) =>
        JsonAt("r.doc", Parameter(SqliteJsonPath.Of(arrayKeys) + "[0]" + SqliteJsonPath.Of(keys)[1..]), attribute);

    public override string Elements(IReadOnlyList<string> arrayKeys, string alias) =>
        $"json_each(r.doc, {Parameter(SqliteJsonPath.Of(arrayKeys))}) {alias}";

    public override SqlOperand Element(string alias, AttributeDefinition attribute) =>
        new($"{alias}.value", attribute, Folded: false, Indexed: false, SortableTimestamp: false,
            $"({alias}.type <> 'null' AND NOT ({alias}.type = 'text' AND {alias}.value = ''))");

    public override string IsPrimary(string alias) => $"json_extract({alias}.value, '$.primary') = 1";

    // CROSS JOIN makes SQLite start from the few rows just found and look each up by key; left
    // to itself it read the tenant's whole membership index per step.
    public override string MembershipStep(string alias, string link, string column, string key, string prior, string tenant) =>
        $"{alias} CROSS JOIN group_members {link} ON {link}.tenant = {tenant} AND {link}.{key} = {alias}.{prior}";

    public override string InRecursiveIds(string query) => $"r.id IN ({query})";

    protected override string Present(string sql, AttributeDefinition attribute) => $"({sql} IS NOT NULL AND {sql} <> '')";

    private static SqlOperand JsonAt(string container, string pathParameter, AttributeDefinition attribute) =>
        new($"json_extract({container}, {pathParameter})", attribute, Folded: false, Indexed: false, SortableTimestamp: false,
            JsonPresent(container, pathParameter));

    /// <summary>
    /// Present means not null, not an empty string, not an empty array or object (RFC 7644
    /// §3.4.2.2 <c>pr</c>: "has a non-empty value, or if it contains a non-empty node").
    /// </summary>
    private static string JsonPresent(string container, string pathParameter) =>
        $"(CASE COALESCE(json_type({container}, {pathParameter}), 'null') " +
        $"WHEN 'null' THEN 0 " +
        $"WHEN 'text' THEN json_extract({container}, {pathParameter}) <> '' " +
        $"WHEN 'array' THEN json_array_length({container}, {pathParameter}) > 0 " +
        $"WHEN 'object' THEN json_extract({container}, {pathParameter}) <> '{{}}' " +
        $"ELSE 1 END)";
}
