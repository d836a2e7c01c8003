using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Admin;

/// <summary>The tenant's activity log, newest first, paged by sequence (<c>before</c>) and narrowed by filters.</summary>
public static class AdminActivityApi
{
    public const int DefaultCount = 50;
    public const int MaxCount = 500;

    public static RouteGroupBuilder MapAdminActivityApi(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/activity", GetActivity)
            .WithName("AdminGetActivity")
            .WithSummary("Lists provisioning activity newest first: count, before (nextBefore of the previous page), resourceId, token (name), operation, outcome (success or failure), from, to.");
        return tenant;
    }

    public static async Task<Ok<ActivityPageDocument>> GetActivity(
        string tenant, string? count, string? before, string? resourceId, string? token, string? operation, string? outcome,
        string? from, string? to, IResourceStore store, CancellationToken cancellationToken)
    {
        var query = new ActivityQuery(
            Count: (int)Math.Clamp(ParseLong(count, "count") ?? DefaultCount, 1, MaxCount),
            Before: ParseLong(before, "before"),
            From: ParseTime(from, "from"),
            To: ParseTime(to, "to"),
            ResourceId: Blank(resourceId),
            TokenName: Blank(token),
            Operation: Blank(operation),
            Succeeded: Blank(outcome)?.ToLowerInvariant() switch
            {
                null or "all" => null,
                "success" => true,
                "failure" => false,
                _ => throw AdminRequestException.BadRequest($"outcome must be 'success' or 'failure', not '{outcome}'."),
            });
        var page = await store.QueryActivityAsync(tenant, query, cancellationToken);
        return TypedResults.Ok(new ActivityPageDocument([.. page.Entries.Select(ActivityEntryDocument.From)], page.NextBefore));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static long? ParseLong(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw AdminRequestException.BadRequest($"{name} must be an integer, not '{text}'.");

    private static DateTimeOffset? ParseTime(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value
        : throw AdminRequestException.BadRequest($"{name} must be an ISO 8601 date or date-time, not '{text}'.");
}
