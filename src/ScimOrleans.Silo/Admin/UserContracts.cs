using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// A user as the admin sees it, of any kind. <see cref="Roles"/> are derived from group mappings
/// and suspended (empty) while the user is inactive. <see cref="Resource"/>, the full SCIM
/// representation, is given for a single user only.
/// </summary>
public sealed record AdminUserDocument(
    string Id,
    string? UserName,
    string? DisplayName,
    bool Active,
    string? Kind,
    JsonArray Emails,
    IReadOnlyList<AdminUserGroup> Groups,
    IReadOnlyList<string> Roles,
    bool RolesSuspended,
    JsonObject? Meta,
    JsonObject? Resource = null);

public sealed record AdminUserGroup(string Id, string? Display);

/// <summary>A page of users: 1-based <see cref="StartIndex"/> as in SCIM.</summary>
public sealed record AdminUserPage(int TotalResults, int StartIndex, int ItemsPerPage, IReadOnlyList<AdminUserDocument> Users);

/// <summary>
/// Body of <c>POST /admin/v1/tenants/{tenant}/users</c>: a SCIM user and its kind (dashboard or
/// learner; the tenant's SCIM kind when left out).
/// </summary>
public sealed record CreateUserRequest(string? Kind, JsonObject? User);
