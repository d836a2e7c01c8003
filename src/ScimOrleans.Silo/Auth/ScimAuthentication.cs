using Microsoft.AspNetCore.Authentication;
using ScimOrleans.Grains.Tokens;

namespace ScimOrleans.Silo.Auth;

public static class ScimAuthentication
{
    public const string Policy = "ScimTenant";

    public static IServiceCollection AddScimAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<TokenValidationCache>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ScimBearerHandler>(ScimBearerHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(ScimBearerHandler.SchemeName)
                .RequireClaim(ScimClaims.Tenant));
        return services;
    }
}
