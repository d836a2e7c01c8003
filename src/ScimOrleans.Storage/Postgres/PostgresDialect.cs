using Npgsql;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of <see cref="SqlFilterTranslator"/>: the jsonb document read with
/// <c>#&gt;</c> and <c>jsonb_array_elements</c>, each value typed after its attribute (text in
/// COLLATE "C", so code point order; numeric; boolean), numbers as decimals, client-written
/// timestamps as instants (<c>scim_timestamp</c>), <c>strpos</c>, <c>left</c> and <c>right</c> for strings.
/// </summary>
internal sealed class PostgresDialect(PostgresParameters parameters) : SqlDialect
{
    /// <summary>The statements of a list request, in PostgreSQL.</summary>
    public static QueryStatement<NpgsqlCommand> Statement(ResourceSchema schema, ResourceQuery query)
    {
        var parameters = new PostgresParameters();
        return QueryStatement<NpgsqlCommand>.Build(schema, query, new SqlFilterTranslator(schema, new PostgresDialect(parameters)), parameters);
    }

    public override string Parameter(object value) => parameters.Add(value);

    public override string Literal(bool value) => value ? "true" : "false";

    public override string NotEqual(string left, string right) => $"{left} IS DISTINCT FROM {right}";

    public override object Number(AttributeDefinition attribute, object value) => FilterShape.Number(attribute, value);

    public override string Instant(string sql) => $"scim_timestamp({sql})";

    public override string InstantParameter(DateTimeOffset instant) => Parameter(instant.ToUniversalTime());

    public override string Position(string text, string part) => $"strpos({text}, {part})";

    public override string Prefix(string text, string length) => $"left({text}, {length})";

    public override string Suffix(string text, string length) => $"right({text}, {length})";

    public override string MaxCharacter => "chr(1114111)";

    public override SqlOperand Null(AttributeDefinition attribute) =>
        new($"NULL::{SqlType(attribute)}", attribute, Folded: false, Indexed: false, SortableTimestamp: false, "false");

    public override SqlOperand Json(string container, IReadOnlyList<string> keys, AttributeDefinition attribute) =>
        JsonAt(container, parameters.Path(keys), attribute);

    public override SqlOperand FirstElement(IReadOnlyList<string> arrayKeys, IReadOnlyList<string> keys, AttributeDefinition attribute) =>
        JsonAt("r.doc", parameters.Path([.. arrayKeys, "0", .. keys]), attribute);

    public override string Elements(IReadOnlyList<string> arrayKeys, string alias)
    {
        var path = parameters.Path(arrayKeys);
        return $"jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc #> {path}) = 'array' THEN r.doc #> {path} END) AS {alias}(value)";
    }

    public override SqlOperand Element(string alias, AttributeDefinition attribute) =>
        JsonAt($"{alias}.value", "'{}'::text[]", attribute);

    public override string IsPrimary(string alias) => $"{alias}.value -> 'primary' = 'true'::jsonb";

    // OFFSET 0 keeps each step of the recursion a key look-up per row found, instead of a scan
    // of every membership.
    public override string MembershipStep(string alias, string link, string column, string key, string prior, string tenant) =>
        $"{alias} CROSS JOIN LATERAL (SELECT {link}.{column} FROM group_members {link} " +
        $"WHERE {link}.tenant = {tenant} AND {link}.{key} = {alias}.{prior} OFFSET 0) {link}";

    // The ids are collected once (an InitPlan) into an array, so the outer query looks the few
    // up by key: PostgreSQL guesses a recursive query's size far too high and would otherwise
    // walk the whole tenant.
    public override string InRecursiveIds(string query) => $"r.id = ANY (ARRAY({query}))";

    protected override string Present(string sql, AttributeDefinition attribute) =>
        SqlType(attribute) == "text" ? $"({sql} IS NOT NULL AND {sql} <> '')" : $"({sql} IS NOT NULL)";

    /// <summary>
    /// A value inside a jsonb document: <paramref name="container"/> (jsonb) at the text[] path
    /// <paramref name="path"/>, read as the attribute's type; a JSON value of another type reads as NULL.
    /// </summary>
    private static SqlOperand JsonAt(string container, string path, AttributeDefinition attribute)
    {
        var node = $"({container} #> {path})";
        var sql = attribute.Type switch
        {
            AttributeType.Integer or AttributeType.Decimal => $"(CASE WHEN jsonb_typeof({node}) = 'number' THEN {node}::numeric END)",
            AttributeType.Boolean => $"(CASE WHEN jsonb_typeof({node}) = 'boolean' THEN {node}::boolean END)",
            AttributeType.Complex => node,
            _ => $"(({container} #>> {path}) COLLATE \"C\")",
        };
        return new(sql, attribute, Folded: false, Indexed: false, SortableTimestamp: false, JsonPresent(node));
    }

    /// <summary>
    /// Present means not null, not an empty string, not an empty array or object (RFC 7644
    /// §3.4.2.2 <c>pr</c>: "has a non-empty value, or if it contains a non-empty node").
    /// </summary>
    private static string JsonPresent(string node) =>
        $"({node} IS NOT NULL AND CASE jsonb_typeof({node}) " +
        "WHEN 'null' THEN false " +
        $"WHEN 'string' THEN ({node} #>> '{{}}') <> '' " +
        $"WHEN 'array' THEN jsonb_array_length({node}) > 0 " +
        $"WHEN 'object' THEN {node} <> '{{}}'::jsonb " +
        "ELSE true END)";

    private static string SqlType(AttributeDefinition attribute) => attribute.Type switch
    {
        AttributeType.Integer or AttributeType.Decimal => "numeric",
        AttributeType.Boolean => "boolean",
        AttributeType.Complex => "jsonb",
        _ => "text",
    };
}
