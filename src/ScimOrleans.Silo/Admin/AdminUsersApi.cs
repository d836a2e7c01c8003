using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Silo.Apis;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// A tenant's users of every kind: search them (SCIM filter, kind, paging) from the store, read
/// one, create one of a given kind. A user is rendered as the SCIM host renders it, so its groups
/// and derived roles are the ones the IdP sees; writes still go through the user's grain.
/// </summary>
public static class AdminUsersApi
{
    public const string AllKinds = "all";

    public static RouteGroupBuilder MapAdminUsersApi(this RouteGroupBuilder tenant)
    {
        var users = tenant.MapGroup("/users");
        users.MapGet("", ListUsers)
            .WithName("AdminListUsers").WithSummary("Searches users: filter (SCIM filter), kind (dashboard, learner or all), sortBy, startIndex, count.");
        users.MapGet("/{id}", GetUser)
            .WithName("AdminGetUser").WithSummary("Gets one user of any kind, with its full SCIM representation.");
        users.MapPost("", CreateUser)
            .WithName("AdminCreateUser").WithSummary("Creates a user of a kind (e.g. a learner SCIM never sees) through the user's grain.");
        return tenant;
    }

    public static async Task<Ok<AdminUserPage>> ListUsers(
        string tenant, string? kind, HttpContext http, IResourceStore store, IOptions<ScimOptions> options)
    {
        var kindFilter = KindFilterOf(kind);
        var request = ListRequestReader.FromQuery(key => http.Request.Query[key], new ListLimits(options.Value.DefaultPageSize, options.Value.MaxPageSize));
        var context = await ScimRequestContext.CreateAsync(http, tenant);
        ListRequestReader.Validate(request, context.Tenant.UserSchema);
        var query = new ResourceQuery(request.Filter, request.SortBy, request.SortDescending, request.StartIndex, request.Count, kindFilter);
        var found = await store.QueryAsync(tenant, context.Tenant.UserSchema, query, http.RequestAborted);
        var rendered = await context.PresentAllAsync([.. found.Resources.Select(r => r.Document)], ScimResourceType.User, [], []);
        var users = found.Resources.Zip(rendered, (stored, document) => ToAdminUser(document, stored.Kind, includeResource: false)).ToList();
        return TypedResults.Ok(new AdminUserPage(found.TotalResults, request.StartIndex, users.Count, users));
    }

    public static async Task<Results<Ok<AdminUserDocument>, ProblemHttpResult>> GetUser(string tenant, string id, HttpContext http, IResourceStore store)
    {
        var stored = await store.GetAsync(tenant, ResourceTypeNames.User, id, http.RequestAborted);
        if (stored is null)
        {
            return AdminProblems.NotFound($"User '{id}' not found in tenant '{tenant}'.");
        }

        var context = await ScimRequestContext.CreateAsync(http, tenant);
        var document = await context.PresentAsync(stored.Document, ScimResourceType.User, [], []);
        return TypedResults.Ok(ToAdminUser(document, stored.Kind, includeResource: true));
    }

    public static async Task<Results<Created<AdminUserDocument>, ProblemHttpResult>> CreateUser(
        string tenant, CreateUserRequest body, HttpContext http, IGrainFactory grains)
    {
        if (body.User is not { } user)
        {
            return AdminProblems.BadRequest("Give the SCIM user as \"user\", e.g. {\"kind\":\"learner\",\"user\":{\"userName\":\"ada@example.com\"}}.");
        }

        var context = await ScimRequestContext.CreateAsync(http, tenant);
        var kind = body.Kind?.Trim().ToLowerInvariant() ?? context.Tenant.Settings.ScimUserKind;
        if (!UserKinds.IsValid(kind))
        {
            return AdminProblems.BadRequest($"kind '{body.Kind}' is not one of {string.Join(", ", UserKinds.All)}.");
        }

        user["schemas"] ??= new JsonArray(SchemaUrns.User);
        // The settings this request just read, so the grain validates against them, not an older copy.
        var caller = ScimCaller.Administrator(kind) with { SettingsVersion = context.Tenant.Settings.Version };
        var id = Guid.NewGuid().ToString();
        var result = await grains.GetGrain<IUserGrain>(ResourceKey.For(tenant, id)).Create(user.ToJsonString(), caller);
        if (result.Fault is { } fault)
        {
            return AdminProblems.Problem(fault);
        }

        var created = (JsonObject)JsonNode.Parse(result.Resource!.Json)!;
        var document = await context.PresentAsync(created, ScimResourceType.User, [], []);
        var adminUser = ToAdminUser(document, kind, includeResource: true);
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/users/{adminUser.Id}", adminUser);
    }

    /// <summary>dashboard or learner narrows the search; all (or nothing) spans every kind.</summary>
    private static string? KindFilterOf(string? kind)
    {
        var value = kind?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(value) || value == AllKinds ? null
            : UserKinds.IsValid(value) ? value
            : throw AdminRequestException.BadRequest($"kind must be one of {string.Join(", ", UserKinds.All)} or {AllKinds}, not '{kind}'.");
    }

    private static AdminUserDocument ToAdminUser(JsonObject document, string? kind, bool includeResource)
    {
        var active = document["active"] is not JsonValue value || !value.TryGetValue<bool>(out var isActive) || isActive;
        var groups = ((document["groups"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(g => new AdminUserGroup(StringOf(g["value"]) ?? "", StringOf(g["display"])))
            .ToList();
        var roles = ((document["roles"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(r => StringOf(r["value"]))
            .OfType<string>()
            .ToList();
        return new AdminUserDocument(
            StringOf(document["id"]) ?? "",
            StringOf(document["userName"]),
            StringOf(document["displayName"]),
            active,
            kind,
            (document["emails"] as JsonArray)?.DeepClone().AsArray() ?? [],
            groups,
            roles,
            RolesSuspended: !active,
            document["meta"]?.DeepClone() as JsonObject,
            includeResource ? (JsonObject)document.DeepClone() : null);
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
