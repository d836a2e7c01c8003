using ScimOrleans.Grains.Tenants;
using ScimOrleans.Silo.Apis;
using ScimOrleans.Silo.Auth;
using ScimOrleans.Silo.Http;

namespace ScimOrleans.Silo.Hosting;

public static class ScimHosting
{
    public static WebApplicationBuilder AddScimApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets(); // the admin page's wwwroot also when run from build output outside Development
        builder.Services.AddOptions<ScimOptions>().BindConfiguration(ScimOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TenantSettingsCache>();
        builder.Services.AddSingleton<ScimCursors>();
        builder.Services.AddTransient<IStartupFilter, TenantAddressingStartupFilter>();
        builder.Services.AddScimAuthentication();
        builder.Services.AddExceptionHandler<ScimExceptionHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<BootstrapService>();
        return builder;
    }

    /// <summary>The SCIM endpoints of every tenant under <c>/scim/{tenant}/v2</c> (and <c>/scim/v2</c>, see <see cref="TenantAddressing"/>).</summary>
    public static WebApplication MapScim(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(ScimStatusCodePages.WriteAsync);
        // wwwroot holds only the admin page (/admin/, revalidated on every load); SCIM requests skip the file look-ups.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/admin"), admin => admin
            .UseDefaultFiles().UseStaticFiles(new StaticFileOptions { OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache" }));
        var scim = app.MapGroup("/scim/{tenant}/v2");
        var resources = scim.MapGroup("").RequireAuthorization(ScimAuthentication.Policy);
        foreach (var type in ScimResourceType.All)
        {
            resources.MapScimResources(type);
        }

        resources.MapScimRootSearch();
        resources.MapScimBulk();
        // Discovery is readable without a token (RFC 7644 §4 lets clients learn the service
        // first), but only for a tenant that exists.
        scim.MapGroup("").AddEndpointFilter<TenantExistsFilter>().MapScimDiscovery();
        return app;
    }
}
