using Microsoft.Data.Sqlite;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Translates a whole SCIM filter (RFC 7644 §3.4.2.2) and <c>sortBy</c> into SQL over
/// <c>resources r</c>: indexed columns and tables where they exist, <c>json_extract</c> and
/// <c>json_each</c> over the document everywhere else. Values always become parameters.
/// Every predicate is two-valued: a missing attribute makes a comparison false (NULL), and
/// <c>not</c> turns that NULL into true through COALESCE.
/// </summary>
internal sealed class SqliteFilterTranslator(ResourceSchema schema, SqlParameters parameters) : IFilterTranslator
{
    private int _aliases;

    /// <summary>The statements of a list request, in SQLite.</summary>
    public static QueryStatement<SqliteCommand> Statement(ResourceSchema schema, ResourceQuery query)
    {
        var parameters = new SqlParameters();
        return QueryStatement<SqliteCommand>.Build(schema, query, new SqliteFilterTranslator(schema, parameters), parameters);
    }

    public string Translate(FilterNode filter) => filter switch
    {
        AndFilter and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
        OrFilter or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        NotFilter not => $"(NOT COALESCE({Translate(not.Inner)}, 0))",
        PresentFilter present => Present(Resolve(present.Path)),
        ComparisonFilter comparison => Comparison(Resolve(comparison.Path), comparison.Operator, comparison.Value),
        ValuePathFilter valuePath => ValuePath(valuePath),
        _ => throw ScimException.InvalidFilter($"Unsupported filter {filter.GetType().Name}."),
    };

    /// <summary>The ORDER BY key for <paramref name="sortBy"/>; missing values are SQL NULL.</summary>
    public string SortKey(AttributePath sortBy)
    {
        var resolved = schema.TryResolve(sortBy)
            ?? throw ScimException.InvalidValue($"sortBy '{sortBy}' is not an attribute of {schema.Name}.");
        var attribute = resolved.Attribute;
        if (attribute.MultiValued)
        {
            return MultiValuedSortKey(resolved);
        }

        if (resolved.Leaf.Type == AttributeType.Complex)
        {
            throw ScimException.InvalidValue($"sortBy '{sortBy}' names a complex attribute; name one of its sub-attributes.");
        }

        if (ReferenceEquals(attribute, CommonAttributes.Meta) && resolved.SubAttribute?.Name == "version")
        {
            return "r.version";
        }

        return Sortable(Scalar(resolved));
    }

    private string Sortable(SqlOperand operand) => operand.Attribute.Type switch
    {
        AttributeType.DateTime when !operand.SortableTimestamp => $"julianday({operand.Sql})",
        AttributeType.String or AttributeType.Reference when !operand.Attribute.CaseExact && !operand.Folded => $"scim_fold({operand.Sql})",
        _ => operand.Sql,
    };

    // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first.
    private string MultiValuedSortKey(ResolvedAttribute resolved)
    {
        var attribute = resolved.Attribute;
        if (FilterShape.IsRelation(schema, resolved))
        {
            // groups and members are not in the document; they sort as missing.
            return "NULL";
        }

        var array = JsonPathOf(resolved with { SubAttribute = null });
        if (attribute.SubAttributes.Count == 0)
        {
            return Sortable(SqlOperand.Json("r.doc", parameters.Add(array + "[0]"), attribute));
        }

        var sub = resolved.SubAttribute ?? attribute.FindSubAttribute("value")
            ?? throw ScimException.InvalidValue($"sortBy '{attribute.Name}' needs a sub-attribute.");
        var alias = NextAlias("s");
        var subPath = parameters.Add(SqliteJsonPath.Of(sub.Name));
        var primary = $"(SELECT json_extract({alias}.value, {subPath}) FROM json_each(r.doc, {parameters.Add(array)}) {alias} " +
                      $"WHERE json_extract({alias}.value, '$.primary') = 1 LIMIT 1)";
        var first = $"json_extract(r.doc, {parameters.Add(array + "[0]" + SqliteJsonPath.Of(sub.Name)[1..])})";
        return Sortable(SqlOperand.Expression($"COALESCE({primary}, {first})", sub));
    }

    private ResolvedAttribute Resolve(AttributePath path) => FilterShape.Resolve(schema, path);

    private string Present(ResolvedAttribute resolved)
    {
        if (!resolved.Attribute.MultiValued)
        {
            return Scalar(resolved).Present;
        }

        var sub = resolved.SubAttribute;
        return Source(resolved, sub is null ? [] : [sub.Name]).Any(scope => sub is null ? "1" : scope.Operand(sub).Present);
    }

    private string Comparison(ResolvedAttribute resolved, ComparisonOperator op, object? value)
    {
        if (!resolved.Attribute.MultiValued)
        {
            return Compare(Scalar(resolved), op, value);
        }

        // "emails eq x" on a multi-valued complex attribute means its value sub-attribute.
        var attribute = resolved.Attribute;
        var sub = resolved.SubAttribute;
        if (sub is null && attribute.SubAttributes.Count > 0)
        {
            sub = attribute.FindSubAttribute("value")
                ?? throw ScimException.InvalidFilter($"'{attribute.Name}' has no value to compare; name one of its sub-attributes.");
        }

        return Source(resolved, sub is null ? [] : [sub.Name]).Any(scope => Compare(scope.Operand(sub), op, value));
    }

    private string ValuePath(ValuePathFilter filter)
    {
        var resolved = Resolve(filter.Path);
        var attribute = resolved.Attribute;
        if (resolved.SubAttribute is not null || attribute.Type != AttributeType.Complex)
        {
            // A multi-valued simple attribute is filtered as "tags eq x", not "tags[value eq x]".
            throw ScimException.InvalidFilter($"'{filter.Path}' is not a complex attribute, so it takes no [value filter].");
        }

        if (attribute.MultiValued)
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            FilterShape.CollectSubAttributes(filter.Inner, attribute, used);
            return Source(resolved, used).Any(scope => Element(filter.Inner, attribute, scope));
        }

        // A singular complex attribute: name[givenName eq "x"] is name.givenName eq "x".
        var singular = new MappedElementScope(attribute, sub => sub is null ? null : Scalar(resolved with { SubAttribute = sub }));
        return Element(filter.Inner, attribute, singular);
    }

    private string Element(FilterNode filter, AttributeDefinition parent, ElementScope scope) => filter switch
    {
        AndFilter and => $"({Element(and.Left, parent, scope)} AND {Element(and.Right, parent, scope)})",
        OrFilter or => $"({Element(or.Left, parent, scope)} OR {Element(or.Right, parent, scope)})",
        NotFilter not => $"(NOT COALESCE({Element(not.Inner, parent, scope)}, 0))",
        PresentFilter present => scope.Operand(FilterShape.SubAttribute(parent, present.Path)).Present,
        ComparisonFilter comparison => Compare(scope.Operand(FilterShape.SubAttribute(parent, comparison.Path)), comparison.Operator, comparison.Value),
        ValuePathFilter => throw ScimException.InvalidFilter("A value filter cannot contain another value filter."),
        _ => throw ScimException.InvalidFilter($"Unsupported filter {filter.GetType().Name}."),
    };

    private CollectionSource Source(ResolvedAttribute resolved, IReadOnlyCollection<string> subAttributes)
    {
        var attribute = resolved.Attribute;
        if (!resolved.IsExtension && schema.Core.Id == SchemaUrns.User)
        {
            if (attribute.Name == "groups")
            {
                return new UserGroupsSource(attribute, subAttributes.Contains("type", StringComparer.OrdinalIgnoreCase), NextAlias("ug"));
            }

            if (IndexedResource.IndexedMultiValuedAttributes.Contains(attribute.Name)
                && subAttributes.All(ResourceValuesSource.IndexedSubAttributes.Contains))
            {
                return new ResourceValuesSource(attribute, parameters, NextAlias("v"));
            }
        }

        if (!resolved.IsExtension && schema.Core.Id == SchemaUrns.Group && attribute.Name == "members")
        {
            return new GroupMembersSource(attribute, NextAlias("gm"));
        }

        return new JsonArraySource(attribute, parameters.Add(JsonPathOf(resolved with { SubAttribute = null })), parameters, NextAlias("e"));
    }

    /// <summary>The operand of a single-valued attribute (or a sub-attribute of a singular complex one).</summary>
    private SqlOperand Scalar(ResolvedAttribute resolved)
    {
        var attribute = resolved.Attribute;
        var leaf = resolved.Leaf;
        if (ReferenceEquals(attribute, CommonAttributes.Id))
        {
            return SqlOperand.Column("r.id", leaf);
        }

        if (ReferenceEquals(attribute, CommonAttributes.ExternalId))
        {
            return SqlOperand.Column("r.external_id", leaf);
        }

        if (ReferenceEquals(attribute, CommonAttributes.Meta) && resolved.SubAttribute is { } meta)
        {
            // meta lives in columns; the copy inside the document may lag a bump made by a delete.
            return meta.Name switch
            {
                "created" => SqlOperand.Column("r.created", leaf, sortableTimestamp: true),
                "lastModified" => SqlOperand.Column("r.last_modified", leaf, sortableTimestamp: true),
                "version" => SqlOperand.Expression("('W/\"' || r.version || '\"')", leaf),
                "resourceType" => SqlOperand.Column("r.type", leaf),
                _ => SqlOperand.Expression("NULL", leaf),
            };
        }

        if (!resolved.IsExtension && resolved.SubAttribute is null)
        {
            if (schema.Core.Id == SchemaUrns.User && attribute.Name == "userName")
            {
                return SqlOperand.Column("r.user_name_folded", leaf, folded: true);
            }

            if (schema.Core.Id is SchemaUrns.User or SchemaUrns.Group && attribute.Name == "displayName")
            {
                return SqlOperand.Column("r.display_name_folded", leaf, folded: true);
            }
        }

        return SqlOperand.Json("r.doc", parameters.Add(JsonPathOf(resolved)), leaf);
    }

    private static string JsonPathOf(ResolvedAttribute resolved) => SqliteJsonPath.Of(FilterShape.KeysOf(resolved));

    private string NextAlias(string prefix) => $"{prefix}{_aliases++}";

    private string Compare(SqlOperand operand, ComparisonOperator op, object? value)
    {
        var attribute = operand.Attribute;
        if (value is null)
        {
            // "attr eq null" asks for absence, "attr ne null" for presence.
            return op switch
            {
                ComparisonOperator.Equal => $"(NOT {operand.Present})",
                ComparisonOperator.NotEqual => operand.Present,
                _ => throw ScimException.InvalidFilter($"'{attribute.Name}' cannot be compared with null using {op}."),
            };
        }

        return attribute.Type switch
        {
            AttributeType.Complex => throw ScimException.InvalidFilter($"'{attribute.Name}' is complex; compare one of its sub-attributes."),
            AttributeType.Boolean => CompareBoolean(operand, op, value),
            AttributeType.Integer or AttributeType.Decimal => CompareNumber(operand, op, value),
            AttributeType.DateTime => CompareDateTime(operand, op, value),
            _ => CompareString(operand, op, value),
        };
    }

    private static string CompareBoolean(SqlOperand operand, ComparisonOperator op, object value)
    {
        if (value is not bool flag)
        {
            throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is boolean; compare it with true or false.");
        }

        // JSON true/false read through json_extract or json_each are SQL 1/0.
        var literal = flag ? "1" : "0";
        return op switch
        {
            ComparisonOperator.Equal => $"{operand.Sql} = {literal}",
            ComparisonOperator.NotEqual => $"{operand.Sql} IS NOT {literal}",
            _ => throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is boolean; only eq and ne apply."),
        };
    }

    private string CompareNumber(SqlOperand operand, ComparisonOperator op, object value)
    {
        double number = value switch
        {
            decimal d => (double)d,
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            _ => throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is numeric; compare it with a number."),
        };
        return Ordered(operand.Sql, op, parameters.Add(number), operand.Attribute);
    }

    private string CompareDateTime(SqlOperand operand, ComparisonOperator op, object value)
    {
        if (value is not string text)
        {
            throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is a dateTime; compare it with a quoted xsd:dateTime.");
        }

        if (op is ComparisonOperator.Contains or ComparisonOperator.StartsWith or ComparisonOperator.EndsWith)
        {
            return CompareString(operand with { Attribute = operand.Attribute with { Type = AttributeType.String, CaseExact = true } }, op, text);
        }

        var instant = StoreTimestamps.TryParseClientValue(text)
            ?? throw ScimException.InvalidFilter($"'{text}' is not a dateTime.");
        var parameter = parameters.Add(StoreTimestamps.ToText(instant));
        // Stored timestamps have one fixed-width UTC form and compare as text (using the index);
        // client-written ones may carry offsets, so they compare as julian days.
        return operand.SortableTimestamp
            ? Ordered(operand.Sql, op, parameter, operand.Attribute)
            : Ordered($"julianday({operand.Sql})", op, $"julianday({parameter})", operand.Attribute);
    }

    private string CompareString(SqlOperand operand, ComparisonOperator op, object value)
    {
        var attribute = operand.Attribute;
        if (value is not string text)
        {
            throw ScimException.InvalidFilter($"'{attribute.Name}' is a string; compare it with a quoted string.");
        }

        if (attribute.Type == AttributeType.Binary
            && op is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual)
        {
            throw ScimException.InvalidFilter($"'{attribute.Name}' is binary; it has no order.");
        }

        var exact = attribute.CaseExact && !operand.Folded;
        var left = exact || operand.Folded ? operand.Sql : $"scim_fold({operand.Sql})";
        if (text.Length == 0 && op is ComparisonOperator.Contains or ComparisonOperator.StartsWith or ComparisonOperator.EndsWith)
        {
            return $"{operand.Sql} IS NOT NULL";
        }

        var parameter = parameters.Add(exact ? text : CaseFolding.Fold(text));
        // instr and substr rather than LIKE: no wildcard characters to escape, and LIKE would
        // fold only ASCII.
        return op switch
        {
            ComparisonOperator.Contains => $"instr({left}, {parameter}) > 0",
            ComparisonOperator.StartsWith when operand.Indexed =>
                // The range lets SQLite seek the index; substr keeps the test exact.
                $"({left} >= {parameter} AND {left} < {parameter} || char(1114111) AND substr({left}, 1, length({parameter})) = {parameter})",
            ComparisonOperator.StartsWith => $"substr({left}, 1, length({parameter})) = {parameter}",
            ComparisonOperator.EndsWith => $"substr({left}, -length({parameter})) = {parameter}",
            _ => Ordered(left, op, parameter, attribute),
        };
    }

    private static string Ordered(string left, ComparisonOperator op, string right, AttributeDefinition attribute) => op switch
    {
        ComparisonOperator.Equal => $"{left} = {right}",
        // A missing value is "not equal" too.
        ComparisonOperator.NotEqual => $"{left} IS NOT {right}",
        ComparisonOperator.GreaterThan => $"{left} > {right}",
        ComparisonOperator.GreaterThanOrEqual => $"{left} >= {right}",
        ComparisonOperator.LessThan => $"{left} < {right}",
        ComparisonOperator.LessThanOrEqual => $"{left} <= {right}",
        _ => throw ScimException.InvalidFilter($"{op} does not apply to '{attribute.Name}'."),
    };
}
