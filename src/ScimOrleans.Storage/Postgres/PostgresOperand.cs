using Npgsql;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// An SQL expression standing for one attribute value in a filter or sort, typed after the
/// attribute: text (strings, references, binaries, dateTimes, in COLLATE "C"), numeric or boolean.
/// </summary>
/// <param name="Sql">The typed expression, e.g. <c>r.user_name_folded</c>.</param>
/// <param name="Attribute">The attribute's definition: type and <c>caseExact</c>.</param>
/// <param name="Folded">The expression already holds folded text (a *_folded column).</param>
/// <param name="Indexed">A plain indexed column: worth a range condition for <c>sw</c>.</param>
/// <param name="SortableTimestamp">Text in <see cref="StoreTimestamps"/> form, comparable as text.</param>
/// <param name="Present">The SQL that is true (never NULL) when the value is present (RFC 7644 <c>pr</c>).</param>
internal sealed record PostgresOperand(string Sql, AttributeDefinition Attribute, bool Folded, bool Indexed, bool SortableTimestamp, string Present)
{
    public static PostgresOperand Column(string column, AttributeDefinition attribute, bool folded = false, bool sortableTimestamp = false) =>
        new(column, attribute, folded, Indexed: true, sortableTimestamp, PresentOf(column, attribute));

    public static PostgresOperand Expression(string sql, AttributeDefinition attribute, bool folded = false) =>
        new(sql, attribute, folded, Indexed: false, SortableTimestamp: false, PresentOf(sql, attribute));

    /// <summary>Nothing: an attribute that cannot have a value here.</summary>
    public static PostgresOperand Null(AttributeDefinition attribute) =>
        new($"NULL::{SqlType(attribute)}", attribute, Folded: false, Indexed: false, SortableTimestamp: false, "false");

    /// <summary>
    /// A value inside a jsonb document: <paramref name="container"/> (jsonb) at the text[] path
    /// <paramref name="path"/>, read as the attribute's type; a JSON value of another type reads as NULL.
    /// </summary>
    public static PostgresOperand Json(string container, string path, AttributeDefinition attribute)
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
    public static string JsonPresent(string node) =>
        $"({node} IS NOT NULL AND CASE jsonb_typeof({node}) " +
        "WHEN 'null' THEN false " +
        $"WHEN 'string' THEN ({node} #>> '{{}}') <> '' " +
        $"WHEN 'array' THEN jsonb_array_length({node}) > 0 " +
        $"WHEN 'object' THEN {node} <> '{{}}'::jsonb " +
        "ELSE true END)";

    public static string SqlType(AttributeDefinition attribute) => attribute.Type switch
    {
        AttributeType.Integer or AttributeType.Decimal => "numeric",
        AttributeType.Boolean => "boolean",
        AttributeType.Complex => "jsonb",
        _ => "text",
    };

    private static string PresentOf(string sql, AttributeDefinition attribute) =>
        SqlType(attribute) == "text" ? $"({sql} IS NOT NULL AND {sql} <> '')" : $"({sql} IS NOT NULL)";
}

/// <summary>One element of a multi-valued attribute while a value filter is translated.</summary>
internal sealed class PostgresElementScope(AttributeDefinition parent, Func<AttributeDefinition?, PostgresOperand?> map)
{
    /// <summary>The operand of <paramref name="subAttribute"/>, or of the element itself when null (a multi-valued simple attribute).</summary>
    public PostgresOperand Operand(AttributeDefinition? subAttribute) =>
        map(subAttribute) ?? PostgresOperand.Null(subAttribute ?? parent);
}

/// <summary>
/// The values of a generated statement. Every value taken from a request becomes a parameter, so
/// generated SQL never contains client text and the same filter shape yields the same SQL.
/// </summary>
internal sealed class PostgresParameters : IStatementParameters<NpgsqlCommand>
{
    private readonly List<KeyValuePair<string, object>> _values = [];

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object value)
    {
        var name = $"@p{_values.Count}";
        _values.Add(new(name, value));
        return name;
    }

    /// <summary>A text[] path parameter for <c>#&gt;</c> and <c>#&gt;&gt;</c>.</summary>
    public string Path(IEnumerable<string> keys) => Add(keys.ToArray());

    public void ApplyTo(NpgsqlCommand command)
    {
        foreach (var (name, value) in _values)
        {
            if (value is string[] path)
            {
                command.WithTextArray(name, path);
            }
            else
            {
                command.With(name, value);
            }
        }
    }
}
