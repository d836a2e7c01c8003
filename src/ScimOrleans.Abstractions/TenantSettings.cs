namespace ScimOrleans.Abstractions;

/// <summary>
/// A tenant's provisioning rules. <see cref="Version"/> goes up with every change, and token
/// validation reports it, so every silo notices a change on the tenant's next request without
/// asking the tenant grain each time.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TenantSettings
{
    public const int DefaultMaxTokenLifetimeDays = 365;

    [Id(0)] public int Version { get; init; }

    /// <summary>URN of the tenant's user extension, e.g. <c>urn:scim:skillcast:User</c>; null for none.</summary>
    [Id(1)] public string? CustomSchemaUrn { get; init; }

    [Id(2)] public CustomAttribute[] CustomAttributes { get; init; } = [];

    /// <summary>Off: /Groups answers 403 and /ResourceTypes leaves Group out.</summary>
    [Id(3)] public bool GroupsEnabled { get; init; } = true;

    /// <summary>The role catalogue, e.g. global-admin, live-training-admin, reporting-viewer.</summary>
    [Id(4)] public string[] Roles { get; init; } = [];

    [Id(5)] public RoleMapping[] RoleMappings { get; init; } = [];

    /// <summary>The kind of user SCIM provisions; users of other kinds are invisible to SCIM.</summary>
    [Id(6)] public string ScimUserKind { get; init; } = UserKinds.Dashboard;

    [Id(7)] public DuplicateUserPolicy DuplicateUserPolicy { get; init; } = DuplicateUserPolicy.Reject;

    [Id(8)] public int ActivityRetentionDays { get; init; } = 90;

    [Id(9)] public int MaxTokenLifetimeDays { get; init; } = DefaultMaxTokenLifetimeDays;

    /// <summary>
    /// RFC 7644 §3.5.2 lets a PATCH answer 200 with the resource or 204 without it. Entra ID,
    /// Okta and OneLogin all accept 200 with the resource, the default; some clients want 204.
    /// A request that names <c>attributes</c> still gets the resource.
    /// </summary>
    [Id(10)] public bool PatchAnswersNoContent { get; init; }
}
