using Microsoft.AspNetCore.Http.HttpResults;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tenants;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// <c>/admin/v1</c>: the operator's API for tenants and, under <c>/tenants/{tenant}</c>, their
/// tokens, settings, users and activity. Every route needs the operator key; every error is a
/// problem document (<see cref="AdminProblems"/>, <see cref="AdminExceptionHandler"/>).
/// </summary>
public static class AdminApi
{
    public const string Prefix = "/admin/v1";

    public const string Tag = "Admin";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix)
            .RequireAuthorization(AdminAuthentication.Policy)
            .WithTags(Tag);

        admin.MapGet("/tenants", ListTenants)
            .WithName("AdminListTenants").WithSummary("Lists the tenants with their SCIM base URLs.");
        admin.MapPost("/tenants", CreateTenant)
            .WithName("AdminCreateTenant").WithSummary("Creates a tenant: 201, 409 when it exists, 400 for an invalid id.");

        var tenant = admin.MapGroup("/tenants/{tenant}").AddEndpointFilter<AdminTenantExistsFilter>();
        tenant.MapGet("", GetTenant)
            .WithName("AdminGetTenant").WithSummary("Gets a tenant: its SCIM base URL and settings.");
        tenant.MapAdminTokensApi();
        tenant.MapAdminSettingsApi();
        tenant.MapAdminUsersApi();
        tenant.MapAdminActivityApi();
        return app;
    }

    /// <summary>The base URL an IdP is given for the tenant, as this request reached the host.</summary>
    public static string ScimBaseUrl(HttpRequest request, string tenant) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/scim/{tenant}/v2";

    public static async Task<Ok<List<TenantSummary>>> ListTenants(HttpRequest request, IGrainFactory grains)
    {
        var tenants = await grains.GetGrain<ITenantDirectoryGrain>(0).List();
        return TypedResults.Ok(tenants.Order(StringComparer.Ordinal).Select(t => new TenantSummary(t, ScimBaseUrl(request, t))).ToList());
    }

    public static async Task<Results<Created<TenantSummary>, ProblemHttpResult>> CreateTenant(
        CreateTenantRequest body, HttpRequest request, IGrainFactory grains)
    {
        var id = body.Id?.Trim();
        if (!TenantId.IsValid(id))
        {
            return AdminProblems.BadRequest(
                $"'{id}' is not a valid tenant id: use 1 to 63 lower-case letters, digits and inner hyphens, e.g. \"acme\".");
        }

        if (!await grains.GetGrain<ITenantGrain>(id!).Create())
        {
            return AdminProblems.Problem(StatusCodes.Status409Conflict, $"Tenant '{id}' already exists.");
        }

        return TypedResults.Created($"{Prefix}/tenants/{id}", new TenantSummary(id!, ScimBaseUrl(request, id!)));
    }

    public static async Task<Ok<TenantDetails>> GetTenant(string tenant, HttpRequest request, TenantSettingsCache settings, IGrainFactory grains)
    {
        var context = await settings.RefreshAsync(tenant);
        var createdAt = await grains.GetGrain<ITenantGrain>(tenant).GetCreatedAt();
        return TypedResults.Ok(new TenantDetails(tenant, ScimBaseUrl(request, tenant), createdAt, TenantSettingsDocument.From(context.Settings)));
    }
}
