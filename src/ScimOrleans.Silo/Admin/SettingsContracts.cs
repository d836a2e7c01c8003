using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Admin;

/// <summary>A tenant's settings as the admin API shows them; <see cref="Version"/> rises with every change.</summary>
public sealed record TenantSettingsDocument(
    int Version,
    string? CustomSchemaUrn,
    IReadOnlyList<CustomAttributeDocument> CustomAttributes,
    bool GroupsEnabled,
    IReadOnlyList<string> Roles,
    IReadOnlyList<RoleMappingDocument> RoleMappings,
    string ScimUserKind,
    DuplicateUserPolicy DuplicateUserPolicy,
    int ActivityRetentionDays,
    int MaxTokenLifetimeDays,
    bool PatchAnswersNoContent)
{
    public static TenantSettingsDocument From(TenantSettings settings) => new(
        settings.Version,
        settings.CustomSchemaUrn,
        [.. settings.CustomAttributes.Select(CustomAttributeDocument.From)],
        settings.GroupsEnabled,
        settings.Roles,
        [.. settings.RoleMappings.Select(m => new RoleMappingDocument(m.Group, m.Role))],
        settings.ScimUserKind,
        settings.DuplicateUserPolicy,
        settings.ActivityRetentionDays,
        settings.MaxTokenLifetimeDays,
        settings.PatchAnswersNoContent);
}

/// <summary>
/// Body of <c>PUT /admin/v1/tenants/{tenant}/settings</c>: the whole settings (the version is the
/// tenant's to set). A property left out takes its default.
/// </summary>
public sealed record TenantSettingsUpdate
{
    private static readonly TenantSettings Defaults = new();

    public string? CustomSchemaUrn { get; init; }

    public CustomAttributeDocument[]? CustomAttributes { get; init; }

    public bool GroupsEnabled { get; init; } = Defaults.GroupsEnabled;

    public string[]? Roles { get; init; }

    public RoleMappingDocument[]? RoleMappings { get; init; }

    public string ScimUserKind { get; init; } = Defaults.ScimUserKind;

    public DuplicateUserPolicy DuplicateUserPolicy { get; init; } = Defaults.DuplicateUserPolicy;

    public int ActivityRetentionDays { get; init; } = Defaults.ActivityRetentionDays;

    public int MaxTokenLifetimeDays { get; init; } = Defaults.MaxTokenLifetimeDays;

    public bool PatchAnswersNoContent { get; init; } = Defaults.PatchAnswersNoContent;

    public TenantSettings ToSettings() => new()
    {
        CustomSchemaUrn = string.IsNullOrWhiteSpace(CustomSchemaUrn) ? null : CustomSchemaUrn.Trim(),
        CustomAttributes = CustomAttributeDocument.ToAttributes(CustomAttributes),
        GroupsEnabled = GroupsEnabled,
        Roles = Roles ?? [],
        RoleMappings = RoleMappingDocument.ToMappings(RoleMappings),
        ScimUserKind = ScimUserKind,
        DuplicateUserPolicy = DuplicateUserPolicy,
        ActivityRetentionDays = ActivityRetentionDays,
        MaxTokenLifetimeDays = MaxTokenLifetimeDays,
        PatchAnswersNoContent = PatchAnswersNoContent,
    };
}

/// <summary>One custom user attribute; <see cref="Type"/> is string, boolean, integer, decimal or dateTime.</summary>
public sealed record CustomAttributeDocument(
    string? Name,
    string? Type,
    bool MultiValued = false,
    bool Required = false,
    string[]? CanonicalValues = null,
    string? Description = null)
{
    public static CustomAttributeDocument From(CustomAttribute attribute) =>
        new(attribute.Name, attribute.Type, attribute.MultiValued, attribute.Required, attribute.CanonicalValues, attribute.Description);

    public static CustomAttribute[] ToAttributes(IEnumerable<CustomAttributeDocument>? attributes) =>
    [
        .. (attributes ?? []).Select(a => new CustomAttribute(
            a.Name?.Trim() ?? "", a.Type?.Trim() ?? "string", a.MultiValued, a.Required, a.CanonicalValues ?? [], a.Description)),
    ];
}

/// <summary>An IdP group (by displayName or externalId) granting a role of the catalogue.</summary>
public sealed record RoleMappingDocument(string? Group, string? Role)
{
    public static RoleMapping[] ToMappings(IEnumerable<RoleMappingDocument>? mappings) =>
        [.. (mappings ?? []).Select(m => new RoleMapping(m.Group?.Trim() ?? "", m.Role?.Trim() ?? ""))];
}

/// <summary>The tenant's custom user attributes: <c>GET/PUT /admin/v1/tenants/{tenant}/attributes</c>.</summary>
public sealed record CustomAttributesDocument(string? SchemaUrn, CustomAttributeDocument[]? Attributes);

/// <summary>The role catalogue and group mappings: <c>GET/PUT /admin/v1/tenants/{tenant}/roles</c>.</summary>
public sealed record RolesDocument(string[]? Roles, RoleMappingDocument[]? Mappings);
