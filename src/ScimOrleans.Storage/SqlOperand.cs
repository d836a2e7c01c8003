using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// An SQL expression standing for one attribute value in a filter or sort, with what a
/// comparison needs to know about it. Made by the engine's <see cref="SqlDialect"/>.
/// </summary>
/// <param name="Sql">The expression, e.g. <c>r.user_name_folded</c> or a read from the document.</param>
/// <param name="Attribute">The attribute's definition: type and <c>caseExact</c>.</param>
/// <param name="Folded">The expression already holds folded text (a *_folded column).</param>
/// <param name="Indexed">A plain indexed column: worth a range condition for <c>sw</c>.</param>
/// <param name="SortableTimestamp">Text in <see cref="StoreTimestamps"/> form, comparable as text.</param>
/// <param name="Present">The SQL that is true when the value is present (RFC 7644 <c>pr</c>).</param>
internal sealed record SqlOperand(string Sql, AttributeDefinition Attribute, bool Folded, bool Indexed, bool SortableTimestamp, string Present);

/// <summary>
/// One element of a multi-valued attribute while a value filter is translated: gives the SQL of
/// each sub-attribute of "the current element" (e.g. <c>type</c> of one e-mail).
/// </summary>
/// <param name="map">The operand of a sub-attribute (null: the element itself), or null where it has none.</param>
internal sealed class ElementScope(AttributeDefinition parent, SqlDialect dialect, Func<AttributeDefinition?, SqlOperand?> map)
{
    /// <summary>The operand of <paramref name="subAttribute"/>, or of the element itself when null (a multi-valued simple attribute).</summary>
    public SqlOperand Operand(AttributeDefinition? subAttribute) =>
        map(subAttribute) ?? dialect.Null(subAttribute ?? parent);
}
