using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tokens;
using ScimOrleans.Silo.Http;
using ScimOrleans.Silo.Telemetry;

namespace ScimOrleans.Silo.Auth;

/// <summary>
/// Checks a tenant's SCIM bearer token on every request, through this silo's cache of the answers
/// of the token grain its value names (<see cref="TokenValidationCache"/>). A token is
/// only good for the tenant in the URL. A challenge for a tenant that does not exist is a 404,
/// every other challenge a 401 with <c>WWW-Authenticate: Bearer</c> and a SCIM error body.
/// </summary>
public sealed class ScimBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    TokenValidationCache validations) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ScimBearer";

    private string? RouteTenant => Context.GetRouteValue("tenant") as string;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!RequestTokenValidation.TryRead(Request, out var tokenId, out var secret))
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        var validation = await RequestTokenValidation.ValidateAsync(Context, validations, tokenId, secret);
        if (!validation.IsValid)
        {
            return AuthenticateResult.Fail($"The bearer token is not accepted ({validation.Failure}).");
        }

        if (!string.Equals(validation.Tenant, RouteTenant, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("The bearer token is not valid for this tenant.");
        }

        var claims = new List<Claim>
        {
            new(ScimClaims.Tenant, validation.Tenant!),
            new(ScimClaims.TokenId, tokenId),
            new(ScimClaims.TokenName, validation.Name ?? ""),
            new(ScimClaims.SettingsVersion, validation.SettingsVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (validation.Domain is { } domain)
        {
            claims.Add(new Claim(ScimClaims.Domain, domain));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var metrics = Context.RequestServices.GetRequiredService<ScimMetrics>();
        if (RouteTenant is { } tenant && !await TenantExistsAsync(tenant))
        {
            metrics.RecordAuthFailure(TenantTags.Unknown, AuthFailureReasons.UnknownTenant);
            await ScimResults.Error(404, null, $"Tenant '{tenant}' not found.").ExecuteAsync(Context);
            return;
        }

        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        metrics.RecordAuthFailure(metrics.TagFor(RouteTenant), AuthFailureReasons.Of(failure));
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer realm=\"scim\""
            : "Bearer realm=\"scim\", error=\"invalid_token\"";
        var detail = failure?.Message ?? "A bearer token is required: send 'Authorization: Bearer <token>'.";
        await ScimResults.Error(401, null, detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ScimResults.Error(403, null, "This token may not perform this request.").ExecuteAsync(Context);

    private async Task<bool> TenantExistsAsync(string tenant) =>
        TenantId.IsValid(tenant) && await grains.GetGrain<ITenantGrain>(tenant).Exists();
}
