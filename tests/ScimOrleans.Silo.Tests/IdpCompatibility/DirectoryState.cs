using System.Text.Json.Nodes;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>Asserts that a tenant holds exactly the source directory: every user, every group, every membership.</summary>
public static class DirectoryState
{
    public static async Task AssertMatchesAsync(IdpTenant tenant, EntraSimulator entra, string customUrn,
        IReadOnlyCollection<SourceUser> users, IReadOnlyCollection<SourceGroup> groups)
    {
        var scimUsers = await tenant.AllAsync("/Users");
        var scimGroups = await tenant.AllAsync("/Groups");

        // Totals, and no resource read twice.
        Assert.Equal(users.Count, scimUsers.Count);
        Assert.Equal(users.Count, scimUsers.Select(Id).Distinct().Count());
        Assert.Equal(groups.Count, scimGroups.Count);
        Assert.Equal(groups.Count, scimGroups.Select(Id).Distinct().Count());

        var usersById = scimUsers.ToDictionary(Id, StringComparer.Ordinal);
        var groupsOfUser = users.ToDictionary(u => u.ObjectId, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var member in group.Members)
            {
                groupsOfUser[member].Add(entra.ScimId(group.ObjectId));
            }
        }

        foreach (var user in users)
        {
            var scim = usersById[entra.ScimId(user.ObjectId)];
            Assert.Equal(user.ObjectId, Str(scim["externalId"]));
            Assert.Equal(user.UserName, Str(scim["userName"]));
            Assert.Equal(user.GivenName, Str(scim["name"]!["givenName"]));
            Assert.Equal(user.FamilyName, Str(scim["name"]!["familyName"]));
            Assert.Equal($"{user.GivenName} {user.FamilyName}", Str(scim["displayName"]));
            Assert.Equal([user.Mail], EmailValues(scim));
            Assert.Equal("work", Str(scim["emails"]![0]!["type"]));
            Assert.Equal(user.Department, Str(scim[EnterpriseSchema]!["department"]));
            Assert.Equal(user.Division, Str(scim[customUrn]!["Division"]));
            Assert.True(user.Active == scim["active"]!.GetValue<bool>(), $"{user.UserName}: active should be {user.Active}");
            Assert.Null(scim["password"]);
            var memberOf = (scim["groups"] as JsonArray ?? []).Select(g => Str(g!["value"])!).Order(StringComparer.Ordinal);
            Assert.Equal(groupsOfUser[user.ObjectId], memberOf);
        }

        var groupsById = scimGroups.ToDictionary(Id, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var scim = groupsById[entra.ScimId(group.ObjectId)];
            Assert.Equal(group.DisplayName, Str(scim["displayName"]));
            Assert.Equal(group.ObjectId, Str(scim["externalId"]));
            var expected = group.Members.Select(entra.ScimId).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, MemberIds(scim));
        }
    }
}
