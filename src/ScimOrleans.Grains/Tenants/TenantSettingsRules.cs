using System.Text.RegularExpressions;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Grains.Tenants;

/// <summary>What makes a tenant's settings valid; the first problem found is returned.</summary>
public static partial class TenantSettingsRules
{
    private static readonly HashSet<string> StandardUrns = new(StringComparer.OrdinalIgnoreCase)
    {
        SchemaUrns.User, SchemaUrns.EnterpriseUser, SchemaUrns.Group,
    };

    public static string? Validate(TenantSettings settings)
    {
        if (settings.CustomAttributes.Length > 0 && settings.CustomSchemaUrn is null)
        {
            return "Custom attributes need a schema URN, e.g. 'urn:scim:acme:User'.";
        }

        if (settings.CustomSchemaUrn is { } urn && (!UrnPattern().IsMatch(urn) || StandardUrns.Contains(urn)))
        {
            return $"'{urn}' is not a usable schema URN: it must start with 'urn:', contain only letters, digits and ':._-', and not be a standard SCIM schema.";
        }

        foreach (var attribute in settings.CustomAttributes)
        {
            if (!NamePattern().IsMatch(attribute.Name))
            {
                return $"Attribute name '{attribute.Name}' must start with a letter and hold only letters, digits, '_' or '-' (64 at most).";
            }

            if (!TenantSchemaBuilder.AttributeTypes.Contains(attribute.Type))
            {
                return $"Attribute '{attribute.Name}' has type '{attribute.Type}'; use one of {string.Join(", ", TenantSchemaBuilder.AttributeTypes)}.";
            }
        }

        if (settings.CustomAttributes.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"Attribute '{twice.Key}' is defined twice (names are case-insensitive).";
        }

        if (settings.Roles.FirstOrDefault(r => !RolePattern().IsMatch(r)) is { } badRole)
        {
            return $"Role '{badRole}' must be lower-case letters, digits, '-' or '_' (64 at most).";
        }

        if (settings.Roles.Distinct().Count() != settings.Roles.Length)
        {
            return "A role is listed twice.";
        }

        if (settings.RoleMappings.FirstOrDefault(m => string.IsNullOrWhiteSpace(m.Group) || !settings.Roles.Contains(m.Role)) is { } badMapping)
        {
            return $"Mapping '{badMapping.Group}' -> '{badMapping.Role}' needs a group name and a role from the catalogue.";
        }

        if (!UserKinds.IsValid(settings.ScimUserKind))
        {
            return $"SCIM user kind must be one of {string.Join(", ", UserKinds.All)}.";
        }

        if (settings.ActivityRetentionDays is < 1 or > 3650)
        {
            return "Activity retention must be between 1 and 3650 days.";
        }

        return settings.MaxTokenLifetimeDays is < 1 or > 3650
            ? "The maximum token lifetime must be between 1 and 3650 days."
            : null;
    }

    [GeneratedRegex("^urn:[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._-]+)+$")]
    private static partial Regex UrnPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex RolePattern();
}
