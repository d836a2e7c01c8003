using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// Checks the operator key sent as <c>Authorization: Bearer &lt;key&gt;</c>. A challenge is a 401
/// problem with <c>WWW-Authenticate: Bearer</c>, or a 503 problem while no key is configured.
/// </summary>
public sealed class AdminKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminCredential credential) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminApiKey";

    public const string DisabledDetail = "admin API disabled: set Admin__ApiKey";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (!credential.IsEnabled || string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not a bearer credential."));
        }

        if (!credential.Matches(header[BearerPrefix.Length..].Trim()))
        {
            return Task.FromResult(AuthenticateResult.Fail("The admin API key is not accepted."));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AdminAuthentication.OperatorClaim, "true")], SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!credential.IsEnabled)
        {
            await AdminProblems.Problem(StatusCodes.Status503ServiceUnavailable, DisabledDetail).ExecuteAsync(Context);
            return;
        }

        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer realm=\"admin\"" : "Bearer realm=\"admin\", error=\"invalid_token\"";
        var detail = failure?.Message ?? "The admin API needs the operator key: send 'Authorization: Bearer <Admin__ApiKey>'.";
        await AdminProblems.Problem(StatusCodes.Status401Unauthorized, detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AdminProblems.Problem(StatusCodes.Status403Forbidden, "This credential may not use the admin API.").ExecuteAsync(Context);
}
