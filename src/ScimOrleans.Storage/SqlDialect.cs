using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// What <see cref="SqlFilterTranslator"/> needs of an SQL engine: how values become parameters,
/// how the JSON document is read, and the few functions and literals whose spelling differs.
/// One instance per statement: it owns the statement's parameters.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Adds a value to the statement and returns its placeholder.</summary>
    public abstract string Parameter(object value);

    /// <summary>The engine's boolean literal (JSON true and false read as SQL values compare equal to it).</summary>
    public abstract string Literal(bool value);

    /// <summary>Null-safe "not equal": a missing (NULL) value is not equal either.</summary>
    public abstract string NotEqual(string left, string right);

    /// <summary>The value a comparison with a numeric attribute binds, or 400 <c>invalidFilter</c>.</summary>
    public abstract object Number(AttributeDefinition attribute, object value);

    /// <summary>A client-written timestamp (which may carry an offset) as a comparable instant.</summary>
    public abstract string Instant(string sql);

    /// <summary>A parameter holding <paramref name="instant"/>, comparable with <see cref="Instant"/>.</summary>
    public abstract string InstantParameter(DateTimeOffset instant);

    /// <summary>The 1-based position of <paramref name="part"/> in <paramref name="text"/>, 0 when absent.</summary>
    public abstract string Position(string text, string part);

    /// <summary>The first <paramref name="length"/> characters of <paramref name="text"/>.</summary>
    public abstract string Prefix(string text, string length);

    /// <summary>The last <paramref name="length"/> characters of <paramref name="text"/>.</summary>
    public abstract string Suffix(string text, string length);

    /// <summary>The highest code point, as SQL text: the end of a <c>sw</c> range.</summary>
    public abstract string MaxCharacter { get; }

    /// <summary>An indexed column (or an expression over one).</summary>
    public SqlOperand Column(string column, AttributeDefinition attribute, bool folded = false, bool sortableTimestamp = false) =>
        new(column, attribute, folded, Indexed: true, sortableTimestamp, Present(column, attribute));

    /// <summary>An expression no index serves.</summary>
    public SqlOperand Expression(string sql, AttributeDefinition attribute, bool folded = false) =>
        new(sql, attribute, folded, Indexed: false, SortableTimestamp: false, Present(sql, attribute));

    /// <summary>Nothing: an attribute that cannot have a value here.</summary>
    public abstract SqlOperand Null(AttributeDefinition attribute);

    /// <summary>The value at <paramref name="keys"/> inside the JSON in <paramref name="container"/>.</summary>
    public abstract SqlOperand Json(string container, IReadOnlyList<string> keys, AttributeDefinition attribute);

    /// <summary>The value at <paramref name="keys"/> inside the first element of the document's array at <paramref name="arrayKeys"/>.</summary>
    public abstract SqlOperand FirstElement(IReadOnlyList<string> arrayKeys, IReadOnlyList<string> keys, AttributeDefinition attribute);

    /// <summary>
    /// A FROM item with one row per element of the document's array at <paramref name="arrayKeys"/>,
    /// aliased <paramref name="alias"/>, the element in <c>{alias}.value</c>.
    /// </summary>
    public abstract string Elements(IReadOnlyList<string> arrayKeys, string alias);

    /// <summary>The whole element of <see cref="Elements"/> (a multi-valued simple attribute).</summary>
    public abstract SqlOperand Element(string alias, AttributeDefinition attribute);

    /// <summary>The element of <see cref="Elements"/> is marked <c>"primary": true</c>.</summary>
    public abstract string IsPrimary(string alias);

    /// <summary>
    /// The recursive step over <c>group_members</c> from the rows found so far (<paramref name="alias"/>):
    /// <c>{link}.{column}</c> of the links whose <paramref name="key"/> is <c>{alias}.{prior}</c>, in <paramref name="tenant"/>.
    /// </summary>
    public abstract string MembershipStep(string alias, string link, string column, string key, string prior, string tenant);

    /// <summary><c>r.id</c> is one of the ids a recursive query returns.</summary>
    public abstract string InRecursiveIds(string query);

    /// <summary>The SQL that is true when a column or expression holds a value.</summary>
    protected abstract string Present(string sql, AttributeDefinition attribute);
}
