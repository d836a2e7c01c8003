using Microsoft.AspNetCore.Authentication;

namespace ScimOrleans.Silo.Admin;

/// <summary>The operator scheme and policy of <c>/admin/v1</c>, separate from the SCIM bearer scheme.</summary>
public static class AdminAuthentication
{
    public const string Policy = "AdminOperator";

    public const string OperatorClaim = "admin:operator";

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AdminCredential>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(AdminKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(AdminKeyHandler.SchemeName)
                .RequireClaim(OperatorClaim));
        services.AddHostedService<AdminCredentialAnnouncer>();
        return services;
    }
}
