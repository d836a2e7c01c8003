using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Scim.Schema;

/// <summary>
/// A resource type together with its core schema, its extensions and the common attributes
/// (<c>id</c>, <c>externalId</c>, <c>meta</c>): everything needed to resolve an attribute path
/// such as <c>emails.value</c> or <c>urn:...:enterprise:2.0:User:manager.value</c>.
/// A tenant with custom attributes gets its own instance with one more extension.
/// </summary>
public sealed class ResourceSchema
{
    public ResourceSchema(string name, string endpoint, string description, SchemaDefinition core, IReadOnlyList<SchemaExtensionReference> extensions)
    {
        Name = name;
        Endpoint = endpoint;
        Description = description;
        Core = core;
        Extensions = extensions;
        // Longest URN first so that a URN which prefixes another never wins by accident.
        _schemasByLength = [.. new[] { core }.Concat(extensions.Select(e => e.Schema)).OrderByDescending(s => s.Id.Length)];
    }

    private readonly SchemaDefinition[] _schemasByLength;

    /// <summary>The resource type name, e.g. <c>User</c>; also <c>meta.resourceType</c>.</summary>
    public string Name { get; }

    /// <summary>The endpoint relative to the base URL, e.g. <c>/Users</c>.</summary>
    public string Endpoint { get; }

    public string Description { get; }

    public SchemaDefinition Core { get; }

    public IReadOnlyList<SchemaExtensionReference> Extensions { get; }

    public IEnumerable<SchemaDefinition> AllSchemas => _schemasByLength;

    public bool IsExtension(SchemaDefinition schema) => !ReferenceEquals(schema, Core) && schema.Id != Core.Id;

    /// <summary>The schema with this URN (case-insensitive), if the resource type has it.</summary>
    public SchemaDefinition? FindSchema(string urn)
    {
        // A loop, not a LINQ search: this runs for every key of every resource read or written.
        foreach (var schema in _schemasByLength)
        {
            if (string.Equals(schema.Id, urn, StringComparison.OrdinalIgnoreCase))
            {
                return schema;
            }
        }

        return null;
    }

    /// <summary>
    /// Splits a written attribute reference ("name.givenName", "urn:...:User:userName",
    /// "urn:...:enterprise:2.0:User:manager.value", or a bare extension URN) into its parts.
    /// </summary>
    public AttributePath ParsePath(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ScimException.InvalidPath("An attribute path is empty.");
        }

        string? urn = null;
        var rest = text;
        if (text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var schema = _schemasByLength.FirstOrDefault(s =>
                text.Length > s.Id.Length + 1
                && text.StartsWith(s.Id, StringComparison.OrdinalIgnoreCase)
                && text[s.Id.Length] == ':');
            if (schema is null)
            {
                if (FindSchema(text) is { } whole)
                {
                    return new AttributePath(whole.Id, "", null);
                }

                throw ScimException.InvalidPath($"'{text}' does not name an attribute of a schema of {Name}.");
            }

            urn = schema.Id;
            rest = text[(schema.Id.Length + 1)..];
        }

        var dot = rest.IndexOf('.');
        return dot < 0
            ? new AttributePath(urn, rest, null)
            : new AttributePath(urn, rest[..dot], rest[(dot + 1)..]);
    }

    /// <summary>Like <see cref="ParsePath"/>, but null instead of an error.</summary>
    public AttributePath? ParsePathOrNull(string text)
    {
        try
        {
            return ParsePath(text);
        }
        catch (ScimException)
        {
            return null;
        }
    }

    /// <summary>
    /// Resolves a path to its schema and attribute definitions, or null when the resource type
    /// has no such attribute. Names are matched case-insensitively (RFC 7643 §2.1).
    /// </summary>
    public ResolvedAttribute? TryResolve(AttributePath path)
    {
        SchemaDefinition? schema;
        AttributeDefinition? attribute;
        if (path.SchemaUrn is { } urn)
        {
            schema = FindSchema(urn);
            if (schema is null)
            {
                return null;
            }

            attribute = schema.FindAttribute(path.Name)
                ?? (ReferenceEquals(schema, Core) ? CommonAttributes.Find(path.Name) : null);
        }
        else
        {
            attribute = CommonAttributes.Find(path.Name);
            schema = Core;
            attribute ??= Core.FindAttribute(path.Name);
        }

        if (attribute is null)
        {
            return null;
        }

        AttributeDefinition? sub = null;
        if (path.SubAttribute is { } subName)
        {
            sub = attribute.FindSubAttribute(subName);
            if (sub is null)
            {
                return null;
            }
        }

        return new ResolvedAttribute(schema, IsExtension(schema), attribute, sub);
    }

    /// <summary>Like <see cref="TryResolve"/>, but an unknown attribute is a SCIM error of the given type.</summary>
    public ResolvedAttribute Resolve(AttributePath path, string scimTypeWhenUnknown = ScimErrorTypes.InvalidPath) =>
        TryResolve(path)
        ?? throw new ScimException(400, scimTypeWhenUnknown, $"'{path}' is not an attribute of {Name}.");
}
