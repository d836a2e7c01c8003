namespace ScimOrleans.Abstractions;

/// <summary>
/// Who is calling a resource grain: the token (for the activity log and its domain rule) and the
/// tenant settings version the token reported, so the grain applies settings at least that new.
/// <see cref="AdministratorKind"/> is set only by the admin API: it may manage users of any kind
/// and creates users of that kind; SCIM callers see only the tenant's SCIM user kind.
/// <see cref="Operation"/> names the IdP operation for the activity log when it is not the
/// grain method's own (a POST that reactivates an existing user arrives as a replace).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScimCaller(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string TokenName,
    [property: Id(2)] string? Domain,
    [property: Id(3)] int SettingsVersion,
    [property: Id(4)] string? AdministratorKind = null,
    [property: Id(5)] string? Operation = null)
{
    public bool IsAdministrator => AdministratorKind is not null;

    public static ScimCaller Administrator(string kind) => new("admin", "Admin API", null, 0, kind);
}
