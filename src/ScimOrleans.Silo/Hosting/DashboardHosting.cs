using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;
using ScimOrleans.Silo.Admin;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// The Orleans dashboard at <c>/dashboard</c>, for operators only. It has no authentication of
/// its own, so its route group requires <see cref="Policy"/>: the operator key
/// (<c>Admin__ApiKey</c>) as <c>Authorization: Bearer</c> (proxies, scripts), or the cookie a
/// browser gets by posting the key to the form at <c>/dashboard-login</c> (HttpOnly,
/// SameSite=Strict, scoped to <c>/dashboard</c>, eight hours). <c>Dashboard__Enabled=false</c>
/// leaves it out.
/// </summary>
public static class DashboardHosting
{
    public const string Policy = "DashboardOperator";

    public const string RoutePrefix = "/dashboard";

    public const string LoginPath = "/dashboard-login";

    public const string CookieScheme = "DashboardCookie";

    private const string Scheme = "Dashboard";

    public static WebApplicationBuilder AddOperatorDashboard(this WebApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration))
        {
            return builder;
        }

        builder.UseOrleans(silo => silo.AddDashboard());
        builder.Services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "scim_dashboard";
                o.Cookie.Path = RoutePrefix;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
                o.LoginPath = LoginPath;
                o.ReturnUrlParameter = "returnUrl";
                // A key removed from configuration also ends the sessions it opened.
                o.Events.OnValidatePrincipal = context =>
                {
                    if (!context.HttpContext.RequestServices.GetRequiredService<AdminCredential>().IsEnabled)
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            })
            .AddPolicyScheme(Scheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? AdminKeyHandler.SchemeName : CookieScheme);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(AdminAuthentication.OperatorClaim));
        return builder;
    }

    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        app.MapOrleansDashboard(routePrefix: RoutePrefix).RequireAuthorization(Policy);
        app.MapGet(LoginPath, (HttpContext http) => LoginPage(http, null)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(LoginPath, SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(LoginPath + "/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieScheme);
            return Results.Redirect(LoginPath);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", true);

    // The key travels in a form body, never in a URL, so it stays out of logs, history and traces.
    private static async Task<IResult> SignInAsync(HttpContext http, AdminCredential credential)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string? key = form["key"];
        if (string.IsNullOrEmpty(key) || !credential.Matches(key))
        {
            return LoginPage(http, credential.IsEnabled ? "That key is not the operator key." : "The dashboard is off: set Admin__ApiKey.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AdminAuthentication.OperatorClaim, "true")], CookieScheme));
        await http.SignInAsync(CookieScheme, principal);
        return Results.Redirect(RoutePrefix + "/");
    }

    private static IResult LoginPage(HttpContext http, string? error)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        var message = error is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>ScimOrleans dashboard sign-in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto}input{width:100%;padding:.4rem}p[role=alert]{color:#b00}</style></head>
            <body><h1>Orleans dashboard</h1>{{message}}
            <form method="post" action="{{LoginPath}}">
            <label for="key">Operator key (<code>Admin__ApiKey</code>)</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
            <p><button type="submit">Sign in</button></p>
            </form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }
}
