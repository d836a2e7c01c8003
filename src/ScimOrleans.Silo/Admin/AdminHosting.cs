using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;

namespace ScimOrleans.Silo.Admin;

public static class AdminHosting
{
    /// <summary>The admin API's options, operator scheme, JSON shape, OpenAPI document and activity retention.</summary>
    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAdminAuthentication();
        // Exception handlers are asked in registration order and the SCIM one answers every path,
        // so the admin one goes first; it declines paths outside /admin/v1.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IExceptionHandler, AdminExceptionHandler>());
        // A body or query value that cannot be bound throws, in every environment, so the admin
        // problem says what could not be read. SCIM endpoints bind nothing that can fail.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enums as camelCase words ("active", "reactivate"); SCIM responses are written by hand and unaffected.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<ActivityRetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ActivityRetentionService>());
        return builder;
    }

    /// <summary>
    /// <c>/admin/v1</c> and the OpenAPI document at <c>/openapi/v1.json</c> (readable without a key).
    /// Call after the SCIM endpoints: admin problem pages then sit inside the SCIM ones.
    /// </summary>
    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.UseStatusCodePages(AdminProblems.WriteStatusCodePageAsync);
        app.MapOpenApi();
        app.MapAdminApi();
        return app;
    }
}
