using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// One element of a multi-valued attribute while a value filter is translated: gives the SQL of
/// each sub-attribute of "the current element" (e.g. <c>type</c> of one e-mail).
/// </summary>
internal abstract class ElementScope
{
    /// <summary>The operand of <paramref name="subAttribute"/>, or of the element itself when null (a multi-valued simple attribute).</summary>
    public abstract SqlOperand Operand(AttributeDefinition? subAttribute);
}

/// <summary>An element scope whose sub-attributes map to fixed SQL expressions.</summary>
internal sealed class MappedElementScope(AttributeDefinition parent, Func<AttributeDefinition?, SqlOperand?> map) : ElementScope
{
    public override SqlOperand Operand(AttributeDefinition? subAttribute) =>
        map(subAttribute) ?? SqlOperand.Expression("NULL", subAttribute ?? parent);
}
