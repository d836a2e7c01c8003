using Npgsql;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// Translates a whole SCIM filter (RFC 7644 §3.4.2.2) and <c>sortBy</c> into PostgreSQL over
/// <c>resources r</c>: indexed columns and tables where they exist, jsonb operators and
/// <c>jsonb_array_elements</c> over the document everywhere else. Values always become parameters.
/// The same rules as the SQLite translator (<see cref="FilterShape"/> holds the shared ones):
/// a missing attribute makes a comparison false, <c>not</c> turns that into true through
/// COALESCE; strings that are not caseExact compare folded; numbers numerically; dateTimes as
/// instants; text in code point order (COLLATE "C").
/// </summary>
internal sealed class PostgresFilterTranslator(ResourceSchema schema, PostgresParameters parameters) : IFilterTranslator
{
    private int _aliases;

    /// <summary>The statements of a list request, in PostgreSQL.</summary>
    public static QueryStatement<NpgsqlCommand> Statement(ResourceSchema schema, ResourceQuery query)
    {
        var parameters = new PostgresParameters();
        return QueryStatement<NpgsqlCommand>.Build(schema, query, new PostgresFilterTranslator(schema, parameters), parameters);
    }

    public string Translate(FilterNode filter) => filter switch
    {
        AndFilter and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
        OrFilter or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        NotFilter not => $"(NOT COALESCE({Translate(not.Inner)}, false))",
        PresentFilter present => Present(Resolve(present.Path)),
        ComparisonFilter comparison => Comparison(Resolve(comparison.Path), comparison.Operator, comparison.Value),
        ValuePathFilter valuePath => ValuePath(valuePath),
        _ => throw ScimException.InvalidFilter($"Unsupported filter {filter.GetType().Name}."),
    };

    /// <summary>The ORDER BY key for <paramref name="sortBy"/>; missing values are SQL NULL.</summary>
    public string SortKey(AttributePath sortBy)
    {
        var resolved = FilterShape.ResolveSortBy(schema, sortBy);
        var attribute = resolved.Attribute;
        if (attribute.MultiValued)
        {
            return MultiValuedSortKey(resolved);
        }

        if (ReferenceEquals(attribute, CommonAttributes.Meta) && resolved.SubAttribute?.Name == "version")
        {
            return "r.version";
        }

        return Sortable(Scalar(resolved));
    }

    private static string Sortable(PostgresOperand operand) => operand.Attribute.Type switch
    {
        AttributeType.DateTime when !operand.SortableTimestamp => $"scim_timestamp({operand.Sql})",
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

        var array = FilterShape.KeysOf(resolved with { SubAttribute = null });
        if (attribute.SubAttributes.Count == 0)
        {
            return Sortable(PostgresOperand.Json("r.doc", parameters.Path([.. array, "0"]), attribute));
        }

        var sub = resolved.SubAttribute ?? attribute.FindSubAttribute("value")
            ?? throw ScimException.InvalidValue($"sortBy '{attribute.Name}' needs a sub-attribute.");
        var alias = NextAlias("s");
        var arrayPath = parameters.Path(array);
        var element = PostgresOperand.Json($"{alias}.value", parameters.Path([sub.Name]), sub);
        var primary = $"(SELECT {element.Sql} FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc #> {arrayPath}) = 'array' THEN r.doc #> {arrayPath} END) AS {alias}(value) " +
                      $"WHERE {alias}.value -> 'primary' = 'true'::jsonb LIMIT 1)";
        var first = PostgresOperand.Json("r.doc", parameters.Path([.. array, "0", sub.Name]), sub);
        return Sortable(PostgresOperand.Expression($"COALESCE({primary}, {first.Sql})", sub));
    }

    private ResolvedAttribute Resolve(AttributePath path) => FilterShape.Resolve(schema, path);

    private string Present(ResolvedAttribute resolved)
    {
        if (!resolved.Attribute.MultiValued)
        {
            return Scalar(resolved).Present;
        }

        var sub = resolved.SubAttribute;
        return Source(resolved, sub is null ? [] : [sub.Name]).Any(scope => sub is null ? "true" : scope.Operand(sub).Present);
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
        var singular = new PostgresElementScope(attribute, sub => sub is null ? null : Scalar(resolved with { SubAttribute = sub }));
        return Element(filter.Inner, attribute, singular);
    }

    private string Element(FilterNode filter, AttributeDefinition parent, PostgresElementScope scope) => filter switch
    {
        AndFilter and => $"({Element(and.Left, parent, scope)} AND {Element(and.Right, parent, scope)})",
        OrFilter or => $"({Element(or.Left, parent, scope)} OR {Element(or.Right, parent, scope)})",
        NotFilter not => $"(NOT COALESCE({Element(not.Inner, parent, scope)}, false))",
        PresentFilter present => scope.Operand(FilterShape.SubAttribute(parent, present.Path)).Present,
        ComparisonFilter comparison => Compare(scope.Operand(FilterShape.SubAttribute(parent, comparison.Path)), comparison.Operator, comparison.Value),
        ValuePathFilter => throw ScimException.InvalidFilter("A value filter cannot contain another value filter."),
        _ => throw ScimException.InvalidFilter($"Unsupported filter {filter.GetType().Name}."),
    };

    private PostgresCollectionSource Source(ResolvedAttribute resolved, IReadOnlyCollection<string> subAttributes)
    {
        var attribute = resolved.Attribute;
        if (!resolved.IsExtension && schema.Core.Id == SchemaUrns.User)
        {
            if (attribute.Name == "groups")
            {
                return new PostgresUserGroupsSource(attribute, subAttributes.Contains("type", StringComparer.OrdinalIgnoreCase), NextAlias("ug"));
            }

            if (IndexedResource.IndexedMultiValuedAttributes.Contains(attribute.Name)
                && subAttributes.All(PostgresResourceValuesSource.IndexedSubAttributes.Contains))
            {
                return new PostgresResourceValuesSource(attribute, parameters, NextAlias("v"));
            }
        }

        if (!resolved.IsExtension && schema.Core.Id == SchemaUrns.Group && attribute.Name == "members")
        {
            return new PostgresGroupMembersSource(attribute, NextAlias("gm"));
        }

        return new PostgresJsonArraySource(attribute, parameters.Path(FilterShape.KeysOf(resolved with { SubAttribute = null })), parameters, NextAlias("e"));
    }

    /// <summary>The operand of a single-valued attribute (or a sub-attribute of a singular complex one).</summary>
    private PostgresOperand Scalar(ResolvedAttribute resolved)
    {
        var attribute = resolved.Attribute;
        var leaf = resolved.Leaf;
        if (ReferenceEquals(attribute, CommonAttributes.Id))
        {
            return PostgresOperand.Column("r.id", leaf);
        }

        if (ReferenceEquals(attribute, CommonAttributes.ExternalId))
        {
            return PostgresOperand.Column("r.external_id", leaf);
        }

        if (ReferenceEquals(attribute, CommonAttributes.Meta) && resolved.SubAttribute is { } meta)
        {
            // meta lives in columns; the copy inside the document may lag a bump made by a delete.
            return meta.Name switch
            {
                "created" => PostgresOperand.Column("r.created", leaf, sortableTimestamp: true),
                "lastModified" => PostgresOperand.Column("r.last_modified", leaf, sortableTimestamp: true),
                "version" => PostgresOperand.Expression("('W/\"' || r.version || '\"')", leaf),
                "resourceType" => PostgresOperand.Column("r.type", leaf),
                _ => PostgresOperand.Null(leaf),
            };
        }

        if (!resolved.IsExtension && resolved.SubAttribute is null)
        {
            if (schema.Core.Id == SchemaUrns.User && attribute.Name == "userName")
            {
                return PostgresOperand.Column("r.user_name_folded", leaf, folded: true);
            }

            if (schema.Core.Id is SchemaUrns.User or SchemaUrns.Group && attribute.Name == "displayName")
            {
                return PostgresOperand.Column("r.display_name_folded", leaf, folded: true);
            }
        }

        return PostgresOperand.Json("r.doc", parameters.Path(FilterShape.KeysOf(resolved)), leaf);
    }

    private string NextAlias(string prefix) => $"{prefix}{_aliases++}";

    private string Compare(PostgresOperand operand, ComparisonOperator op, object? value)
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
            AttributeType.Integer or AttributeType.Decimal =>
                Ordered(operand.Sql, op, parameters.Add(FilterShape.Number(attribute, value)), attribute),
            AttributeType.DateTime => CompareDateTime(operand, op, value),
            _ => CompareString(operand, op, value),
        };
    }

    private static string CompareBoolean(PostgresOperand operand, ComparisonOperator op, object value)
    {
        if (value is not bool flag)
        {
            throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is boolean; compare it with true or false.");
        }

        var literal = flag ? "true" : "false";
        return op switch
        {
            ComparisonOperator.Equal => $"{operand.Sql} = {literal}",
            ComparisonOperator.NotEqual => $"{operand.Sql} IS DISTINCT FROM {literal}",
            _ => throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is boolean; only eq and ne apply."),
        };
    }

    private string CompareDateTime(PostgresOperand operand, ComparisonOperator op, object value)
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
        // Stored timestamps have one fixed-width UTC form and compare as text (using the index);
        // client-written ones may carry offsets, so they compare as instants.
        return operand.SortableTimestamp
            ? Ordered(operand.Sql, op, parameters.Add(StoreTimestamps.ToText(instant)), operand.Attribute)
            : Ordered($"scim_timestamp({operand.Sql})", op, parameters.Add(instant.ToUniversalTime()), operand.Attribute);
    }

    private string CompareString(PostgresOperand operand, ComparisonOperator op, object value)
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
            return $"({operand.Sql} IS NOT NULL)";
        }

        var parameter = parameters.Add(exact ? text : CaseFolding.Fold(text));
        // strpos/left/right rather than LIKE: no wildcard characters to escape.
        return op switch
        {
            ComparisonOperator.Contains => $"(strpos({left}, {parameter}) > 0)",
            ComparisonOperator.StartsWith when operand.Indexed =>
                // The range lets PostgreSQL seek the index (columns are COLLATE "C"); left() keeps the test exact.
                $"({left} >= {parameter} AND {left} < ({parameter} || chr(1114111)) AND left({left}, length({parameter})) = {parameter})",
            ComparisonOperator.StartsWith => $"(left({left}, length({parameter})) = {parameter})",
            ComparisonOperator.EndsWith => $"(right({left}, length({parameter})) = {parameter})",
            _ => Ordered(left, op, parameter, attribute),
        };
    }

    private static string Ordered(string left, ComparisonOperator op, string right, AttributeDefinition attribute) => op switch
    {
        ComparisonOperator.Equal => $"({left} = {right})",
        // A missing value is "not equal" too.
        ComparisonOperator.NotEqual => $"({left} IS DISTINCT FROM {right})",
        ComparisonOperator.GreaterThan => $"({left} > {right})",
        ComparisonOperator.GreaterThanOrEqual => $"({left} >= {right})",
        ComparisonOperator.LessThan => $"({left} < {right})",
        ComparisonOperator.LessThanOrEqual => $"({left} <= {right})",
        _ => throw ScimException.InvalidFilter($"{op} does not apply to '{attribute.Name}'."),
    };
}
