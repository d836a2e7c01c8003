using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Scim.Projection;
using ScimOrleans.Scim.Rendering;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Silo.Auth;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// What a SCIM handler needs of its request: the tenant's settings (at least as new as its token
/// reported), the caller, the base URL, and the projection asked for; and how a stored document
/// becomes a response (links, derived roles, projection).
/// </summary>
public sealed class ScimRequestContext
{
    private readonly IResourceStore _store;

    private ScimRequestContext(string baseUrl, TenantContext tenant, ScimCaller caller, IResourceStore store, HttpRequest request)
    {
        BaseUrl = baseUrl;
        Tenant = tenant;
        Caller = caller;
        _store = store;
        Attributes = AttributeList.Parse(request.Query["attributes"]);
        ExcludedAttributes = AttributeList.Parse(request.Query["excludedAttributes"]);
    }

    public string BaseUrl { get; }

    public TenantContext Tenant { get; }

    public ScimCaller Caller { get; }

    public IReadOnlyCollection<string>? Attributes { get; }

    public IReadOnlyCollection<string>? ExcludedAttributes { get; }

    public static async Task<ScimRequestContext> CreateAsync(HttpContext http, string tenant, ScimResourceType? type = null)
    {
        var services = http.RequestServices;
        var cache = services.GetRequiredService<TenantSettingsCache>();
        var authenticated = ScimClaims.TenantOf(http.User) == tenant;
        var caller = authenticated ? ScimClaims.CallerOf(http.User) : new ScimCaller("", "", null, 0);
        var settings = authenticated ? await cache.GetAsync(tenant, caller.SettingsVersion) : await cache.RefreshAsync(tenant);
        if (type == ScimResourceType.Group && !settings.Settings.GroupsEnabled)
        {
            throw new ScimException(403, null, "Group provisioning is switched off for this tenant.");
        }

        var request = http.Request;
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/scim/{tenant}/v2";
        return new ScimRequestContext(baseUrl, settings, caller, services.GetRequiredService<IResourceStore>(), request);
    }

    public ResourceSchema SchemaFor(ScimResourceType type) => Tenant.SchemaFor(type.Name);

    /// <summary>The resource types this tenant serves: Group only while group provisioning is on.</summary>
    public IEnumerable<ScimResourceType> ResourceTypes =>
        ScimResourceType.All.Where(t => t != ScimResourceType.Group || Tenant.Settings.GroupsEnabled);

    /// <summary>
    /// A stored document as the client sees it: links for this URL, derived roles, then the
    /// projection. The documents passed in are the caller's own copies (just read or parsed) and
    /// are changed in place rather than copied first.
    /// </summary>
    public async Task<JsonObject> PresentAsync(JsonObject stored, ScimResourceType type,
        IReadOnlyCollection<string>? attributes = null, IReadOnlyCollection<string>? excluded = null) =>
        (await PresentAllAsync([stored], type, attributes, excluded))[0];

    public async Task<IReadOnlyList<JsonObject>> PresentAllAsync(IReadOnlyList<JsonObject> stored, ScimResourceType type,
        IReadOnlyCollection<string>? attributes = null, IReadOnlyCollection<string>? excluded = null)
    {
        var schema = SchemaFor(type);
        var rendered = stored.Select(d => ResourceRenderer.RenderInPlace(d, schema, BaseUrl)).ToList();
        if (type == ScimResourceType.User && Tenant.HasRoleMappings)
        {
            await AddRolesAsync(rendered);
        }

        return [.. rendered.Select(d => AttributeProjector.ProjectInPlace(d, schema, attributes ?? Attributes, excluded ?? ExcludedAttributes))];
    }

    /// <summary>Roles follow group memberships at read time, so a membership change shows at once.</summary>
    private async Task AddRolesAsync(List<JsonObject> users)
    {
        var groupIds = users
            .SelectMany(u => (u["groups"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(g => g["value"]?.GetValue<string>())
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var identities = groupIds.Count == 0
            ? []
            : (await _store.GetGroupIdentitiesAsync(Tenant.Tenant, groupIds)).ToDictionary(g => g.Id, StringComparer.Ordinal);
        foreach (var user in users)
        {
            user.Remove("roles");
            if (user["active"] is JsonValue active && active.TryGetValue<bool>(out var isActive) && !isActive)
            {
                continue; // an inactive user's roles are suspended
            }

            var groups = ((user["groups"] as JsonArray)?.OfType<JsonObject>() ?? [])
                .Select(g => identities.GetValueOrDefault(g["value"]?.GetValue<string>() ?? ""))
                .OfType<GroupIdentity>();
            var roles = Tenant.RolesFor(groups);
            if (roles.Count > 0)
            {
                user["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)new JsonObject { ["value"] = r, ["type"] = "group-mapping" })]);
            }
        }
    }
}
