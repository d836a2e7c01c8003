using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ScimOrleans.Grains.Tokens;
using ScimOrleans.Silo.Auth;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// Lets an IdP reach a tenant at <c>/scim/v2</c> as well as at <c>/scim/{tenant}/v2</c>, for
/// products whose set-up pages give one base URL to every customer: the tenant is the one the
/// host name names (<see cref="ScimOptions.TenantHost"/>, e.g. <c>{tenant}.scim.example.com</c>),
/// or else the one an accepted bearer token belongs to. The request is then routed as if it had named the
/// tenant in its path, so authentication, rate limits and metrics see one form only; the token
/// is still checked against that tenant as for any other request.
/// </summary>
public sealed partial class TenantAddressing(RequestDelegate next, IOptions<ScimOptions> options, TokenValidationCache validations)
{
    private static readonly PathString ScimRoot = new("/scim");
    private static readonly PathString TenantlessBase = new("/scim/v2");

    private readonly TenantHostPattern? _hosts = TenantHostPattern.Parse(options.Value.TenantHost);

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.Value is { } path && path.Contains("//", StringComparison.Ordinal)
            && http.Request.Path.StartsWithSegments(ScimRoot, StringComparison.OrdinalIgnoreCase))
        {
            // A base URL entered with a trailing slash ("https://host/scim/v2/") makes some IdPs send "/scim/v2//Users".
            http.Request.Path = new PathString(RepeatedSlashes().Replace(path, "/"));
        }

        if (!http.Request.Path.StartsWithSegments(TenantlessBase, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            await next(http);
            return;
        }

        var tenant = _hosts?.TenantOf(http.Request.Host) ?? await TenantOfTokenAsync(http);
        if (tenant is null)
        {
            // Nothing names a tenant: only a token can, so this is the challenge for one.
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
            await ScimResults.Error(401, null,
                "/scim/v2 serves the tenant of the bearer token: send 'Authorization: Bearer <token>', or use /scim/{tenant}/v2.")
                .ExecuteAsync(http);
            return;
        }

        http.Request.Path = new PathString($"/scim/{tenant}/v2").Add(rest);
        await next(http);
    }

    [GeneratedRegex("/{2,}")]
    private static partial Regex RepeatedSlashes();

    /// <summary>The tenant of an accepted token; authentication then reuses this request's validation.</summary>
    private async Task<string?> TenantOfTokenAsync(HttpContext http)
    {
        if (!RequestTokenValidation.TryRead(http.Request, out var tokenId, out var secret))
        {
            return null;
        }

        var validation = await RequestTokenValidation.ValidateAsync(http, validations, tokenId, secret);
        return validation.IsValid ? validation.Tenant : null;
    }
}

/// <summary>Puts <see cref="TenantAddressing"/> in front of the request metrics, so they count the routed form.</summary>
public sealed class TenantAddressingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<TenantAddressing>();
        next(app);
    };
}
