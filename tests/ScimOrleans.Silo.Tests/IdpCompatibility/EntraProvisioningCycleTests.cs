using System.Diagnostics;
using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;
using Xunit.Abstractions;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// Simulated Microsoft Entra provisioning cycles against one tenant each, the final state asserted
/// exactly: an initial cycle of 1,000 users and 50 groups, an incremental cycle, and provision on demand.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class EntraProvisioningCycleTests(ScimApplicationFactory factory, ITestOutputHelper output)
{
    private const string CustomUrn = EntraPatchTests.CustomUrn;

    private static readonly string[] Departments = ["Sales", "Engineering", "Finance", "Support", "Legal"];

    private static List<SourceUser> Users(int count, string domain) =>
        [.. Enumerable.Range(0, count).Select(i => new SourceUser(
            ObjectId: Guid.NewGuid().ToString(),
            UserName: $"user{i:D4}@{domain}",
            GivenName: $"Given{i}",
            FamilyName: $"Family{i}",
            Mail: $"user{i:D4}.mail@{domain}",
            Department: Departments[i % Departments.Length],
            Division: $"Division{i % 7}",
            Active: true))];

    /// <summary>Group g holds the users i with i % groups == g, and those with (i * 7) % groups == g.</summary>
    private static List<SourceGroup> Groups(int count, IReadOnlyList<SourceUser> users) =>
        [.. Enumerable.Range(0, count).Select(g => new SourceGroup(
            ObjectId: Guid.NewGuid().ToString(),
            DisplayName: $"Entra Group {g:D2}",
            Members: users.Where((_, i) => i % count == g || i * 7 % count == g).Select(u => u.ObjectId).ToHashSet(StringComparer.Ordinal)))];

    private async Task<(IdpTenant Tenant, EntraSimulator Entra)> InitialCycleAsync(List<SourceUser> users, List<SourceGroup> groups, bool matchOnMail = false)
    {
        var tenant = await EntraPatchTests.TenantAsync(factory);
        var entra = new EntraSimulator(tenant, CustomUrn, matchOnMail);

        // Test Connection first, as the admin clicks it before saving.
        var probe = await tenant.QueryAsync("/Users", $"userName eq \"{Guid.NewGuid()}\"");
        Assert.Equal(0, probe["totalResults"]!.GetValue<int>());

        var clock = Stopwatch.StartNew();
        await entra.ProvisionUsersAsync(users);
        await entra.ProvisionGroupsAsync(groups);
        output.WriteLine($"initial cycle ({users.Count} users, {groups.Count} groups): {clock.ElapsedMilliseconds} ms, " +
            string.Join(", ", entra.Requests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} x{r.Value}")));
        return (tenant, entra);
    }

    [Fact]
    public async Task Initial_cycle_of_1000_users_and_50_groups_creates_exactly_the_directory()
    {
        var users = Users(1000, "contoso.test");
        var groups = Groups(50, users);

        var (tenant, entra) = await InitialCycleAsync(users, groups);

        Assert.Equal(1000, entra.Requests["GET /Users?filter"]);
        Assert.Equal(1000, entra.Requests["POST /Users"]);
        Assert.Equal(50, entra.Requests["GET /Groups?filter"]);
        Assert.Equal(50, entra.Requests["POST /Groups"]);
        Assert.False(entra.Requests.ContainsKey("PATCH /Users"));
        await DirectoryState.AssertMatchesAsync(tenant, entra, CustomUrn, users, groups);

        // A second cycle over an unchanged directory finds everything and changes nothing.
        var before = (await tenant.AllAsync("/Users")).ToDictionary(Id, u => Str(u["meta"]!["version"]), StringComparer.Ordinal);
        var again = new EntraSimulator(tenant, CustomUrn);
        await again.ProvisionUsersAsync(users.Take(100));
        Assert.False(again.Requests.ContainsKey("POST /Users"));
        Assert.False(again.Requests.ContainsKey("PATCH /Users"));
        var after = (await tenant.AllAsync("/Users")).ToDictionary(Id, u => Str(u["meta"]!["version"]), StringComparer.Ordinal);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Incremental_cycle_applies_changes_deactivations_one_deletion_and_membership_removals()
    {
        var users = Users(300, "contoso.test");
        var groups = Groups(15, users);
        var (tenant, entra) = await InitialCycleAsync(users, groups);

        // What changed in Entra since the last cycle.
        var changed = new List<SourceUser>();
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            if (i % 10 == 1)
            {
                user = user with { FamilyName = user.FamilyName + "-Married", Department = "Marketing", Division = "Reorganised" };
            }

            if (i % 10 == 2)
            {
                user = user with { Mail = $"renamed{i:D4}@contoso.test" };
            }

            if (i % 25 == 3)
            {
                user = user with { Active = false };
            }

            if (!ReferenceEquals(user, users[i]))
            {
                users[i] = user;
                changed.Add(user);
            }
        }

        var deleted = users[150];
        users.RemoveAt(150);
        changed.RemoveAll(u => u.ObjectId == deleted.ObjectId);
        var removals = new Dictionary<SourceGroup, List<string>>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var leavers = group.Members.Where(m => m == deleted.ObjectId || (g % 3 == 0 && m.GetHashCode(StringComparison.Ordinal) % 4 == 0)).ToList();
            groups[g] = group with { Members = group.Members.Except(leavers).ToHashSet(StringComparer.Ordinal) };
            removals[groups[g]] = [.. leavers.Where(m => m != deleted.ObjectId)];
        }

        var joiner = users[0];
        groups[1] = groups[1] with { Members = groups[1].Members.Append(joiner.ObjectId).ToHashSet(StringComparer.Ordinal) };

        // Entra's incremental cycle: query each changed user and PATCH the differences, delete,
        // then membership removals (value arrays naming only the leavers) and additions.
        var incremental = new EntraSimulator(tenant, CustomUrn);
        await ParallelAsync(changed, EntraSimulator.Workers, async u => await incremental.ProvisionUserAsync(u));
        Assert.Equal(changed.Count, incremental.Requests["PATCH /Users"]);
        Assert.False(incremental.Requests.ContainsKey("POST /Users"));
        await entra.DeleteUserAsync(deleted.ObjectId);
        await ParallelAsync(removals.Where(r => r.Value.Count > 0), EntraSimulator.Workers, async r => await entra.RemoveMembersAsync(r.Key.ObjectId, r.Value));
        await entra.AddMembersAsync(groups[1].ObjectId, [joiner.ObjectId]);

        await DirectoryState.AssertMatchesAsync(tenant, entra, CustomUrn, users, groups);
        Assert.Equal(users.Count(u => !u.Active), (await tenant.QueryAsync("/Users", "active eq false", "count=0"))["totalResults"]!.GetValue<int>());
        Assert.Equal(0, (await tenant.QueryAsync("/Users", $"userName eq \"{deleted.UserName}\""))["totalResults"]!.GetValue<int>());
        Assert.Equal(0, (await tenant.QueryAsync("/Users", $"emails[type eq \"work\"].value eq \"{users[2].Mail.Replace("renamed", "user", StringComparison.Ordinal)}\""))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Provision_on_demand_of_one_user_creates_it_then_updates_it_without_a_duplicate()
    {
        var users = Users(3, "contoso.test");
        var groups = Groups(2, users);
        var (tenant, entra) = await InitialCycleAsync(users.Take(2).ToList(), [groups[0] with { Members = groups[0].Members.Where(m => m != users[2].ObjectId).ToHashSet() }]);
        var onDemand = users[2];

        // Provision on demand: the same shapes for one user, then its group memberships.
        var id = await entra.ProvisionUserAsync(onDemand);
        await entra.AddMembersAsync(groups[0].ObjectId, groups[0].Members.Where(m => m == onDemand.ObjectId));

        var created = await tenant.GetResourceAsync($"/Users/{id}");
        Assert.Equal(onDemand.UserName, Str(created["userName"]));
        Assert.Equal(onDemand.Division, Str(created[CustomUrn]!["Division"]));

        // Running it again after a change in Entra finds the user and patches it.
        users[2] = onDemand with { GivenName = "OnDemand", Active = false };
        var second = new EntraSimulator(tenant, CustomUrn);
        Assert.Equal(id, await second.ProvisionUserAsync(users[2]));
        Assert.Equal(1, second.Requests["PATCH /Users"]);
        Assert.False(second.Requests.ContainsKey("POST /Users"));

        await DirectoryState.AssertMatchesAsync(tenant, entra, CustomUrn, users, [groups[0]]);
    }

    [Fact]
    public async Task Matching_on_email_instead_of_userName_links_existing_users_and_creates_the_rest()
    {
        var users = Users(40, "contoso.test");
        var tenant = await EntraPatchTests.TenantAsync(factory);

        // Half the users exist already (created by a previous integration) with other userNames.
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users.Take(20))
        {
            var legacy = user with { UserName = "legacy-" + user.UserName, ObjectId = Guid.NewGuid().ToString() };
            existing[user.ObjectId] = Id((await tenant.PostAsync("/Users", new EntraSimulator(tenant, CustomUrn).UserBody(legacy))).Expect(HttpStatusCode.Created));
        }

        var entra = new EntraSimulator(tenant, CustomUrn, matchOnMail: true);
        await entra.ProvisionUsersAsync(users);

        Assert.Equal(20, entra.Requests["POST /Users"]);
        Assert.Equal(20, entra.Requests["PATCH /Users"]);
        foreach (var (objectId, id) in existing)
        {
            Assert.Equal(id, entra.ScimId(objectId));
        }

        // The linked users keep their id; their userName is patched to Entra's.
        var all = await tenant.AllAsync("/Users");
        Assert.Equal(40, all.Count);
        Assert.Equal(users.Select(u => u.Mail).Order(StringComparer.Ordinal), all.Select(WorkEmail).Order(StringComparer.Ordinal));
        Assert.Equal(users.Select(u => u.UserName).Order(StringComparer.Ordinal), all.Select(u => Str(u["userName"])).Order(StringComparer.Ordinal));
    }
}
