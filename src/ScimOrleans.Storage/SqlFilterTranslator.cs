using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// Translates a whole SCIM filter (RFC 7644 §3.4.2.2) and <c>sortBy</c> into SQL over
/// <c>resources r</c>, for either engine: indexed columns and tables where they exist, the
/// engine's JSON functions (<see cref="SqlDialect"/>) over the document everywhere else. Values
/// always become parameters. Every predicate is two-valued: a missing attribute makes a
/// comparison false (NULL), and <c>not</c> turns that NULL into true through COALESCE. Strings
/// that are not caseExact compare folded; numbers numerically; dateTimes as instants.
/// </summary>
internal sealed class SqlFilterTranslator(ResourceSchema schema, SqlDialect dialect) : IFilterTranslator
{
    private int _aliases;

    public string Translate(FilterNode filter) => filter switch
    {
        AndFilter and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
        OrFilter or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        NotFilter not => $"(NOT COALESCE({Translate(not.Inner)}, {dialect.Literal(false)}))",
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

    private string Sortable(SqlOperand operand) => operand.Attribute.Type switch
    {
        AttributeType.DateTime when !operand.SortableTimestamp => dialect.Instant(operand.Sql),
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
            return Sortable(dialect.FirstElement(array, [], attribute));
        }

        var sub = resolved.SubAttribute ?? attribute.FindSubAttribute("value")
            ?? throw ScimException.InvalidValue($"sortBy '{attribute.Name}' needs a sub-attribute.");
        var alias = NextAlias("s");
        var elements = dialect.Elements(array, alias);
        var element = dialect.Json($"{alias}.value", [sub.Name], sub);
        var primary = $"(SELECT {element.Sql} FROM {elements} WHERE {dialect.IsPrimary(alias)} LIMIT 1)";
        var first = dialect.FirstElement(array, [sub.Name], sub);
        return Sortable(dialect.Expression($"COALESCE({primary}, {first.Sql})", sub));
    }

    private ResolvedAttribute Resolve(AttributePath path) => FilterShape.Resolve(schema, path);

    private string Present(ResolvedAttribute resolved)
    {
        if (!resolved.Attribute.MultiValued)
        {
            return Scalar(resolved).Present;
        }

        var sub = resolved.SubAttribute;
        return Source(resolved, sub is null ? [] : [sub.Name]).Any(scope => sub is null ? dialect.Literal(true) : scope.Operand(sub).Present);
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
        var singular = new ElementScope(attribute, dialect, sub => sub is null ? null : Scalar(resolved with { SubAttribute = sub }));
        return Element(filter.Inner, attribute, singular);
    }

    private string Element(FilterNode filter, AttributeDefinition parent, ElementScope scope) => filter switch
    {
        AndFilter and => $"({Element(and.Left, parent, scope)} AND {Element(and.Right, parent, scope)})",
        OrFilter or => $"({Element(or.Left, parent, scope)} OR {Element(or.Right, parent, scope)})",
        NotFilter not => $"(NOT COALESCE({Element(not.Inner, parent, scope)}, {dialect.Literal(false)}))",
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
                return new UserGroupsSource(attribute, dialect, subAttributes.Contains("type", StringComparer.OrdinalIgnoreCase), NextAlias("ug"));
            }

            if (IndexedResource.IndexedMultiValuedAttributes.Contains(attribute.Name)
                && subAttributes.All(ResourceValuesSource.IndexedSubAttributes.Contains))
            {
                return new ResourceValuesSource(attribute, dialect, NextAlias("v"));
            }
        }

        if (!resolved.IsExtension && schema.Core.Id == SchemaUrns.Group && attribute.Name == "members")
        {
            return new GroupMembersSource(attribute, dialect, NextAlias("gm"));
        }

        var alias = NextAlias("e");
        return new JsonArraySource(attribute, dialect, dialect.Elements(FilterShape.KeysOf(resolved with { SubAttribute = null }), alias), alias);
    }

    /// <summary>The operand of a single-valued attribute (or a sub-attribute of a singular complex one).</summary>
    private SqlOperand Scalar(ResolvedAttribute resolved)
    {
        var attribute = resolved.Attribute;
        var leaf = resolved.Leaf;
        if (ReferenceEquals(attribute, CommonAttributes.Id))
        {
            return dialect.Column("r.id", leaf);
        }

        if (ReferenceEquals(attribute, CommonAttributes.ExternalId))
        {
            return dialect.Column("r.external_id", leaf);
        }

        if (ReferenceEquals(attribute, CommonAttributes.Meta) && resolved.SubAttribute is { } meta)
        {
            // meta lives in columns; the copy inside the document may lag a bump made by a delete.
            return meta.Name switch
            {
                "created" => dialect.Column("r.created", leaf, sortableTimestamp: true),
                "lastModified" => dialect.Column("r.last_modified", leaf, sortableTimestamp: true),
                "version" => dialect.Expression("('W/\"' || r.version || '\"')", leaf),
                "resourceType" => dialect.Column("r.type", leaf),
                _ => dialect.Null(leaf),
            };
        }

        if (!resolved.IsExtension && resolved.SubAttribute is null)
        {
            if (schema.Core.Id == SchemaUrns.User && attribute.Name == "userName")
            {
                return dialect.Column("r.user_name_folded", leaf, folded: true);
            }

            if (schema.Core.Id is SchemaUrns.User or SchemaUrns.Group && attribute.Name == "displayName")
            {
                return dialect.Column("r.display_name_folded", leaf, folded: true);
            }
        }

        return dialect.Json("r.doc", FilterShape.KeysOf(resolved), leaf);
    }

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
            AttributeType.Integer or AttributeType.Decimal =>
                Ordered(operand.Sql, op, dialect.Parameter(dialect.Number(attribute, value)), attribute),
            AttributeType.DateTime => CompareDateTime(operand, op, value),
            _ => CompareString(operand, op, value),
        };
    }

    private string CompareBoolean(SqlOperand operand, ComparisonOperator op, object value)
    {
        if (value is not bool flag)
        {
            throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is boolean; compare it with true or false.");
        }

        // JSON true and false, read from the document, compare equal to the engine's literals.
        var literal = dialect.Literal(flag);
        return op switch
        {
            ComparisonOperator.Equal => $"{operand.Sql} = {literal}",
            ComparisonOperator.NotEqual => dialect.NotEqual(operand.Sql, literal),
            _ => throw ScimException.InvalidFilter($"'{operand.Attribute.Name}' is boolean; only eq and ne apply."),
        };
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
        // Stored timestamps have one fixed-width UTC form and compare as text (using the index);
        // client-written ones may carry offsets, so they compare as instants.
        return operand.SortableTimestamp
            ? Ordered(operand.Sql, op, dialect.Parameter(StoreTimestamps.ToText(instant)), operand.Attribute)
            : Ordered(dialect.Instant(operand.Sql), op, dialect.InstantParameter(instant), operand.Attribute);
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
            return $"({operand.Sql} IS NOT NULL)";
        }

        var parameter = dialect.Parameter(exact ? text : CaseFolding.Fold(text));
        var length = $"length({parameter})";
        // Position and substrings rather than LIKE: no wildcard characters to escape, and LIKE
        // would fold only ASCII in SQLite.
        return op switch
        {
            ComparisonOperator.Contains => $"({dialect.Position(left, parameter)} > 0)",
            ComparisonOperator.StartsWith when operand.Indexed =>
                // The range lets the engine seek the index; the prefix test keeps it exact.
                $"({left} >= {parameter} AND {left} < ({parameter} || {dialect.MaxCharacter}) AND {dialect.Prefix(left, length)} = {parameter})",
            ComparisonOperator.StartsWith => $"({dialect.Prefix(left, length)} = {parameter})",
            ComparisonOperator.EndsWith => $"({dialect.Suffix(left, length)} = {parameter})",
            _ => Ordered(left, op, parameter, attribute),
        };
    }

    private string Ordered(string left, ComparisonOperator op, string right, AttributeDefinition attribute) => op switch
    {
        ComparisonOperator.Equal => $"({left} = {right})",
        // A missing value is "not equal" too.
        ComparisonOperator.NotEqual => $"({dialect.NotEqual(left, right)})",
        ComparisonOperator.GreaterThan => $"({left} > {right})",
        ComparisonOperator.GreaterThanOrEqual => $"({left} >= {right})",
        ComparisonOperator.LessThan => $"({left} < {right})",
        ComparisonOperator.LessThanOrEqual => $"({left} <= {right})",
        _ => throw ScimException.InvalidFilter($"{op} does not apply to '{attribute.Name}'."),
    };
}
