namespace ScimOrleans.Silo.Admin;

/// <summary>Body of <c>POST /admin/v1/tenants</c>.</summary>
public sealed record CreateTenantRequest(string? Id);

/// <summary>A tenant in the list, with the base URL to paste into the IdP.</summary>
public sealed record TenantSummary(string Id, string ScimBaseUrl);

/// <summary>One tenant: its SCIM base URL and settings.</summary>
public sealed record TenantDetails(string Id, string ScimBaseUrl, DateTimeOffset? CreatedAt, TenantSettingsDocument Settings);
