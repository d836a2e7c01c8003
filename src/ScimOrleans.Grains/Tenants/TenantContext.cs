using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Tenants;

/// <summary>A tenant's settings with what is derived from them once: its resource schemas and role lookup.</summary>
public sealed class TenantContext
{
    private readonly Dictionary<string, string[]> _rolesByGroup;

    public TenantContext(string tenant, TenantSettings settings)
    {
        Tenant = tenant;
        Settings = settings;
        UserSchema = TenantSchemaBuilder.UserSchema(settings);
        _rolesByGroup = settings.RoleMappings
            .GroupBy(m => m.Group, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Role).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public string Tenant { get; }

    public TenantSettings Settings { get; }

    public ResourceSchema UserSchema { get; }

    public ResourceSchema GroupSchema => ScimSchemas.GroupResource;

    public bool HasRoleMappings => _rolesByGroup.Count > 0;

    public ResourceSchema SchemaFor(string resourceType) =>
        resourceType == ResourceTypeNames.Group ? GroupSchema : UserSchema;

    /// <summary>The roles that groups grant, matched by displayName or externalId (case-insensitive).</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<GroupIdentity> groups) =>
    [
        .. groups
            .SelectMany(g => Lookup(g.DisplayName).Concat(g.ExternalId is null ? [] : Lookup(g.ExternalId)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    private IEnumerable<string> Lookup(string name) => _rolesByGroup.TryGetValue(name, out var roles) ? roles : [];
}
