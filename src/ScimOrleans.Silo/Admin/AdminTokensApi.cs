using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// A tenant's SCIM tokens (a contract scripts depend on): issue one (its value shown this once),
/// list them without secrets, revoke one (it stays listed as revoked).
/// </summary>
public static class AdminTokensApi
{
    /// <summary>Far beyond any tenant's maximum lifetime; only guards the date arithmetic.</summary>
    private const int MaxDaysAccepted = 100 * 365;

    public static RouteGroupBuilder MapAdminTokensApi(this RouteGroupBuilder tenant)
    {
        var tokens = tenant.MapGroup("/tokens");
        tokens.MapGet("", ListTokens)
            .WithName("AdminListTokens").WithSummary("Lists the tenant's tokens with usage and status; never a secret.");
        tokens.MapPost("", IssueToken)
            .WithName("AdminIssueToken").WithSummary("Issues a token (name, expiresInDays or expiresAt, optional domain); the response carries its value this once.");
        tokens.MapGet("/{id}", GetToken)
            .WithName("AdminGetToken").WithSummary("Gets one token of the tenant, without its secret.");
        tokens.MapDelete("/{id}", RevokeToken)
            .WithName("AdminRevokeToken").WithSummary("Revokes a token: its next SCIM request gets 401; it stays listed as revoked.");
        return tenant;
    }

    public static async Task<Ok<List<TokenDocument>>> ListTokens(string tenant, IGrainFactory grains)
    {
        var tokens = await grains.GetGrain<ITenantGrain>(tenant).ListTokens();
        return TypedResults.Ok(tokens.Select(TokenDocument.From).ToList());
    }

    public static async Task<Results<Created<IssuedTokenDocument>, ProblemHttpResult>> IssueToken(
        string tenant, CreateTokenRequest body, IGrainFactory grains, TimeProvider time)
    {
        var expiresAt = ExpiryOf(body, time.GetUtcNow());
        var domain = string.IsNullOrWhiteSpace(body.Domain) ? null : body.Domain;
        IssuedToken issued;
        try
        {
            issued = await grains.GetGrain<ITenantGrain>(tenant).IssueToken(body.Name ?? "", expiresAt, domain);
        }
        catch (ArgumentException e)
        {
            // The tenant grain names what is wrong: name, expiry beyond the maximum, domain.
            return AdminProblems.BadRequest(e.Message);
        }

        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/tokens/{issued.Info.Id}", IssuedTokenDocument.From(issued));
    }

    public static async Task<Results<Ok<TokenDocument>, ProblemHttpResult>> GetToken(string tenant, string id, IGrainFactory grains)
    {
        var tokens = await grains.GetGrain<ITenantGrain>(tenant).ListTokens();
        return tokens.FirstOrDefault(t => t.Id == id) is { } token
            ? TypedResults.Ok(TokenDocument.From(token))
            : AdminProblems.NotFound($"Token '{id}' not found in tenant '{tenant}'.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(string tenant, string id, IGrainFactory grains)
    {
        var revoked = await grains.GetGrain<ITenantGrain>(tenant).RevokeToken(id);
        return revoked is null
            ? AdminProblems.NotFound($"Token '{id}' not found in tenant '{tenant}'.")
            : TypedResults.NoContent();
    }

    /// <summary>One of expiresInDays or expiresAt; a date alone means its start (00:00 UTC).</summary>
    private static DateTimeOffset ExpiryOf(CreateTokenRequest body, DateTimeOffset now)
    {
        if (body.ExpiresInDays is not null && !string.IsNullOrWhiteSpace(body.ExpiresAt))
        {
            throw AdminRequestException.BadRequest("Give either expiresInDays or expiresAt, not both.");
        }

        if (body.ExpiresInDays is { } days)
        {
            return days is >= 1 and <= MaxDaysAccepted
                ? now.AddDays(days)
                : throw AdminRequestException.BadRequest($"expiresInDays must be a whole number of days from 1 up to the tenant's maximum token lifetime, not {days}.");
        }

        if (string.IsNullOrWhiteSpace(body.ExpiresAt))
        {
            throw AdminRequestException.BadRequest("A token needs an expiry: give expiresInDays (e.g. 90) or expiresAt (an ISO 8601 date, e.g. \"2026-12-31\").");
        }

        var text = body.ExpiresAt.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw AdminRequestException.BadRequest($"expiresAt '{text}' is not an ISO 8601 date or date-time, e.g. \"2026-12-31\" or \"2026-12-31T17:00:00Z\".");
    }
}
