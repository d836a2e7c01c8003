using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>A user as the source directory (Entra) holds it.</summary>
public sealed record SourceUser(
    string ObjectId, string UserName, string GivenName, string FamilyName, string Mail,
    string Department, string Division, bool Active);

/// <summary>A group as the source directory holds it; members are object ids of source users.</summary>
public sealed record SourceGroup(string ObjectId, string DisplayName, IReadOnlySet<string> Members);

/// <summary>
/// Replays the Microsoft Entra provisioning service's request sequence against a tenant, with
/// several parallel workers as the service uses: per user a userName (or e-mail) query, then POST
/// when absent or PATCH of the differences when present; per group a displayName query with
/// <c>excludedAttributes=members</c>, POST without members, then member adds in batches.
/// It remembers the SCIM id of each source object, as Entra does, and counts its requests.
/// </summary>
public sealed class EntraSimulator(IdpTenant tenant, string customUrn, bool matchOnMail = false)
{
    public const int Workers = 8;
    public const int MemberBatch = 25;

    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    /// <summary>The SCIM id Entra stored for a source object id.</summary>
    public string ScimId(string objectId) => _ids[objectId];

    public bool Knows(string objectId) => _ids.ContainsKey(objectId);

    public IReadOnlyDictionary<string, int> Requests => _requests;

    public string UserBody(SourceUser user) => $$"""
        {"schemas":["{{UserSchema}}","{{EnterpriseSchema}}","{{customUrn}}"],
         "externalId":"{{user.ObjectId}}","userName":"{{user.UserName}}","active":{{(user.Active ? "true" : "false")}},
         "displayName":"{{user.GivenName}} {{user.FamilyName}}",
         "emails":[{"primary":true,"type":"work","value":"{{user.Mail}}"}],
         "meta":{"resourceType":"User"},
         "name":{"formatted":"{{user.GivenName}} {{user.FamilyName}}","familyName":"{{user.FamilyName}}","givenName":"{{user.GivenName}}"},
         "{{EnterpriseSchema}}":{"department":"{{user.Department}}"},
         "{{customUrn}}":{"Division":"{{user.Division}}"},
         "roles":[]}
        """;

    /// <summary>One user: match, then create or update. Returns the SCIM id.</summary>
    public async Task<string> ProvisionUserAsync(SourceUser user)
    {
        var filter = matchOnMail ? $"emails[type eq \"work\"].value eq \"{user.Mail}\"" : $"userName eq \"{user.UserName}\"";
        var match = await CountedAsync("GET /Users?filter", () => tenant.QueryAsync("/Users", filter));
        var found = Resources(match);
        if (found.Count == 0)
        {
            var created = (await CountedAsync("POST /Users", () => tenant.PostAsync("/Users", UserBody(user)))).Expect(HttpStatusCode.Created);
            return _ids[user.ObjectId] = Id(created);
        }

        var existing = Assert.Single(found);
        _ids[user.ObjectId] = Id(existing);
        var operations = Differences(user, existing);
        if (operations.Count > 0)
        {
            (await CountedAsync("PATCH /Users", () => tenant.PatchAsync($"/Users/{Id(existing)}", PatchOp([.. operations])))).Expect(HttpStatusCode.OK);
        }

        return Id(existing);
    }

    /// <summary>The operations Entra sends for what changed: capitalised ops, string booleans, paths.</summary>
    private List<string> Differences(SourceUser user, JsonObject existing)
    {
        var operations = new List<string>();
        void Replace(string path, string? old, string value)
        {
            if (old != value)
            {
                operations.Add($$"""{"op":"Replace","path":"{{path.Replace("\"", "\\\"", StringComparison.Ordinal)}}","value":"{{value}}"}""");
            }
        }

        Replace("userName", Str(existing["userName"]), user.UserName);
        Replace("name.givenName", Str(existing["name"]?["givenName"]), user.GivenName);
        Replace("name.familyName", Str(existing["name"]?["familyName"]), user.FamilyName);
        Replace("displayName", Str(existing["displayName"]), $"{user.GivenName} {user.FamilyName}");
        Replace("emails[type eq \"work\"].value", WorkEmail(existing), user.Mail);
        Replace($"{EnterpriseSchema}:department", Str(existing[EnterpriseSchema]?["department"]), user.Department);
        Replace($"{customUrn}:Division", Str(existing[customUrn]?["Division"]), user.Division);
        if (Active(existing) != user.Active)
        {
            operations.Add($$"""{"op":"Replace","path":"active","value":"{{(user.Active ? "True" : "False")}}"}""");
        }

        return operations;
    }

    public async Task ProvisionUsersAsync(IEnumerable<SourceUser> users) =>
        await ParallelAsync(users, Workers, async user => await ProvisionUserAsync(user));

    /// <summary>One group: match by displayName without members, create if absent, add members in batches.</summary>
    public async Task<string> ProvisionGroupAsync(SourceGroup group)
    {
        var match = await CountedAsync("GET /Groups?filter", () =>
            tenant.QueryAsync("/Groups", $"displayName eq \"{group.DisplayName}\"", "excludedAttributes=members"));
        var found = Resources(match);
        Assert.Null(found.FirstOrDefault()?["members"]);
        string id;
        if (found.Count == 0)
        {
            var created = (await CountedAsync("POST /Groups", () => tenant.PostAsync("/Groups", $$"""
                {"schemas":["{{GroupSchema}}","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
                 "externalId":"{{group.ObjectId}}","displayName":"{{group.DisplayName}}","meta":{"resourceType":"Group"} }
                """))).Expect(HttpStatusCode.Created);
            id = Id(created);
        }
        else
        {
            id = Id(Assert.Single(found));
        }

        _ids[group.ObjectId] = id;
        await AddMembersAsync(group.ObjectId, group.Members);
        return id;
    }

    public async Task ProvisionGroupsAsync(IEnumerable<SourceGroup> groups) =>
        await ParallelAsync(groups, Workers, async group => await ProvisionGroupAsync(group));

    public async Task AddMembersAsync(string groupObjectId, IEnumerable<string> memberObjectIds)
    {
        foreach (var batch in memberObjectIds.Chunk(MemberBatch))
        {
            var values = string.Join(",", batch.Select(m => $$"""{"$ref":null,"value":"{{ScimId(m)}}"}"""));
            (await CountedAsync("PATCH /Groups", () => tenant.PatchAsync($"/Groups/{ScimId(groupObjectId)}",
                PatchOp($$"""{"name":"addMember","op":"Add","path":"members","value":[{{values}}]}""")))).Expect(HttpStatusCode.OK);
        }
    }

    /// <summary>Entra removes members with a value array naming only the leavers.</summary>
    public async Task RemoveMembersAsync(string groupObjectId, IEnumerable<string> memberObjectIds)
    {
        foreach (var batch in memberObjectIds.Chunk(MemberBatch))
        {
            var values = string.Join(",", batch.Select(m => $$"""{"$ref":null,"value":"{{ScimId(m)}}"}"""));
            (await CountedAsync("PATCH /Groups", () => tenant.PatchAsync($"/Groups/{ScimId(groupObjectId)}",
                PatchOp($$"""{"name":"removeMember","op":"Remove","path":"members","value":[{{values}}]}""")))).Expect(HttpStatusCode.OK);
        }
    }

    public async Task DeleteUserAsync(string objectId)
    {
        (await CountedAsync("DELETE /Users", () => tenant.DeleteAsync($"/Users/{ScimId(objectId)}"))).ExpectNoBody(HttpStatusCode.NoContent);
        _ids.TryRemove(objectId, out _);
    }

    private async Task<T> CountedAsync<T>(string request, Func<Task<T>> send)
    {
        _requests.AddOrUpdate(request, 1, (_, n) => n + 1);
        return await send();
    }
}
