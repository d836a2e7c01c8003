using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Patch;

/// <summary>
/// A PATCH <c>path</c> (RFC 7644 §3.5.2 <c>PATH = attrPath / valuePath [subAttr]</c>) bound to
/// the schema. <see cref="Target"/> is null when the path names a whole extension by its URN;
/// its <c>SubAttribute</c> is set for <c>name.givenName</c> and for
/// <c>emails[type eq "work"].value</c> alike; <see cref="Filter"/> holds the bracketed value filter.
/// </summary>
public sealed record PatchPath(string Text, SchemaDefinition Schema, ResolvedAttribute? Target, FilterNode? Filter)
{
    /// <summary>Unknown attributes and malformed paths are 400 <c>invalidPath</c>.</summary>
    public static PatchPath Parse(string text, ResourceSchema schema)
    {
        var open = text.IndexOf('[');
        if (open < 0)
        {
            if (text.Contains(']'))
            {
                throw ScimException.InvalidPath($"'{text}' has an unmatched ']'.");
            }

            var path = schema.ParsePath(text);
            if (path.Name.Length == 0)
            {
                var whole = schema.FindSchema(path.SchemaUrn!)!;
                return schema.IsExtension(whole)
                    ? new PatchPath(text, whole, null, null)
                    : throw ScimException.InvalidPath($"'{text}' names the core schema, not an attribute.");
            }

            var resolved = schema.Resolve(path);
            return new PatchPath(text, resolved.Schema, resolved, null);
        }

        var close = FindClosingBracket(text, open);
        var attribute = schema.Resolve(schema.ParsePath(text[..open]));
        if (attribute.SubAttribute is not null || attribute.Attribute is not { Type: AttributeType.Complex, MultiValued: true })
        {
            throw ScimException.InvalidPath($"'{text}': a value filter applies only to a multi-valued complex attribute.");
        }

        var rest = text[(close + 1)..];
        AttributeDefinition? sub = null;
        if (rest.Length > 0)
        {
            sub = rest.StartsWith('.') && rest.IndexOfAny(['.', '[', ']'], 1) < 0
                ? attribute.Attribute.FindSubAttribute(rest[1..])
                : throw ScimException.InvalidPath($"'{text}' has unexpected text after the value filter.");
            if (sub is null)
            {
                throw ScimException.InvalidPath($"'{attribute.Attribute.Name}' has no sub-attribute '{rest[1..]}'.");
            }
        }

        FilterNode filter;
        try
        {
            filter = FilterParser.Parse(text[(open + 1)..close]);
        }
        catch (ScimException e)
        {
            throw ScimException.InvalidPath($"'{text}' has an invalid value filter: {e.Detail}");
        }

        return new PatchPath(text, attribute.Schema, attribute with { SubAttribute = sub }, filter);
    }

    /// <summary>The matching ']', skipping brackets inside quoted filter values.</summary>
    private static int FindClosingBracket(string text, int open)
    {
        var quoted = false;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '[')
            {
                break;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        throw ScimException.InvalidPath($"'{text}' has an unterminated value filter.");
    }
}
