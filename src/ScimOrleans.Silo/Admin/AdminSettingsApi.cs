using Microsoft.AspNetCore.Http.HttpResults;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// A tenant's settings, whole or by concern (custom attributes, roles). Changing the attribute
/// list never loses stored values silently: removing or retyping an attribute users hold values
/// of is a 409 unless <c>?purge=true</c> says to delete those values.
/// </summary>
public static class AdminSettingsApi
{
    public static RouteGroupBuilder MapAdminSettingsApi(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/settings", GetSettings)
            .WithName("AdminGetSettings").WithSummary("Gets the tenant's settings and their version.");
        tenant.MapPut("/settings", PutSettings)
            .WithName("AdminPutSettings").WithSummary("Replaces the tenant's settings; ?purge=true deletes values of removed or retyped custom attributes.");
        tenant.MapGet("/attributes", GetAttributes)
            .WithName("AdminGetAttributes").WithSummary("Gets the tenant's custom user attributes and their schema URN.");
        tenant.MapPut("/attributes", PutAttributes)
            .WithName("AdminPutAttributes").WithSummary("Replaces the custom user attributes and their schema URN; ?purge=true deletes values of removed ones.");
        tenant.MapGet("/roles", GetRoles)
            .WithName("AdminGetRoles").WithSummary("Gets the role catalogue and the group-to-role mappings.");
        tenant.MapPut("/roles", PutRoles)
            .WithName("AdminPutRoles").WithSummary("Replaces the role catalogue and the group-to-role mappings.");
        return tenant;
    }

    public static async Task<Ok<TenantSettingsDocument>> GetSettings(string tenant, IGrainFactory grains) =>
        TypedResults.Ok(TenantSettingsDocument.From(await grains.GetGrain<ITenantGrain>(tenant).GetSettings()));

    public static Task<Results<Ok<TenantSettingsDocument>, ProblemHttpResult>> PutSettings(
        string tenant, TenantSettingsUpdate body, bool? purge, IGrainFactory grains) =>
        UpdateAsync(grains, tenant, purge, _ => body.ToSettings(), TenantSettingsDocument.From);

    public static async Task<Ok<CustomAttributesDocument>> GetAttributes(string tenant, IGrainFactory grains) =>
        TypedResults.Ok(AttributesOf(await grains.GetGrain<ITenantGrain>(tenant).GetSettings()));

    public static Task<Results<Ok<CustomAttributesDocument>, ProblemHttpResult>> PutAttributes(
        string tenant, CustomAttributesDocument body, bool? purge, IGrainFactory grains) =>
        UpdateAsync(grains, tenant, purge, current => current with
        {
            CustomSchemaUrn = string.IsNullOrWhiteSpace(body.SchemaUrn) ? null : body.SchemaUrn.Trim(),
            CustomAttributes = CustomAttributeDocument.ToAttributes(body.Attributes),
        }, AttributesOf);

    public static async Task<Ok<RolesDocument>> GetRoles(string tenant, IGrainFactory grains) =>
        TypedResults.Ok(RolesOf(await grains.GetGrain<ITenantGrain>(tenant).GetSettings()));

    public static Task<Results<Ok<RolesDocument>, ProblemHttpResult>> PutRoles(string tenant, RolesDocument body, IGrainFactory grains) =>
        UpdateAsync(grains, tenant, purge: false, current => current with
        {
            Roles = [.. (body.Roles ?? []).Select(r => r.Trim())],
            RoleMappings = RoleMappingDocument.ToMappings(body.Mappings),
        }, RolesOf);

    /// <summary>Applies a change to the current settings; the tenant's fault (400 invalid, 409 values held) becomes the problem.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> UpdateAsync<T>(
        IGrainFactory grains, string tenant, bool? purge, Func<TenantSettings, TenantSettings> change, Func<TenantSettings, T> present)
    {
        var grain = grains.GetGrain<ITenantGrain>(tenant);
        TenantSettingsResult result;
        var attempts = 0;
        do
        {
            // The read settings carry their version, so a concurrent edit makes this one retry
            // on the newer settings instead of overwriting it.
            result = await grain.UpdateSettings(change(await grain.GetSettings()), purge ?? false);
        }
        while (result.Fault?.Status == StatusCodes.Status412PreconditionFailed && ++attempts < 3);

        return result.Settings is { } settings
            ? TypedResults.Ok(present(settings))
            : AdminProblems.Problem(result.Fault ?? new ScimFault(StatusCodes.Status500InternalServerError, null, "The settings were not updated."));
    }

    private static CustomAttributesDocument AttributesOf(TenantSettings settings) =>
        new(settings.CustomSchemaUrn, [.. settings.CustomAttributes.Select(CustomAttributeDocument.From)]);

    private static RolesDocument RolesOf(TenantSettings settings) =>
        new(settings.Roles, [.. settings.RoleMappings.Select(m => new RoleMappingDocument(m.Group, m.Role))]);
}
