using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public abstract class GroupIdentityTestsBase(StoreDatabase database) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private readonly StoreDatabase _database = database;
    private ISqlResourceStore _store = null!;

    public async Task InitializeAsync() => _store = await _database.OpenStoreAsync();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Only_groups_of_the_tenant_are_returned()
    {
        var admins = NewId();
        var readers = NewId();
        var user = NewId();
        var elsewhere = NewId();
        var group = Group(Tenant, admins, "Admins");
        group.Document["externalId"] = "ext-admins";
        await _store.CreateAsync(group);
        await _store.CreateAsync(Group(Tenant, readers, "Readers"));
        await _store.CreateAsync(User(Tenant, user, "someone"));
        await _store.CreateAsync(Group("globex", elsewhere, "Admins"));

        var identities = await _store.GetGroupIdentitiesAsync(Tenant, [admins, readers, readers, user, elsewhere, NewId()]);

        Assert.Equal(2, identities.Count);
        Assert.Contains(new GroupIdentity(admins, "Admins", "ext-admins"), identities);
        Assert.Contains(new GroupIdentity(readers, "Readers", null), identities);
        Assert.Empty(await _store.GetGroupIdentitiesAsync(Tenant, []));
    }

    [Fact]
    public async Task Long_id_lists_are_read_in_chunks()
    {
        var ids = new List<string>();
        for (var i = 0; i < 1_203; i++)
        {
            var id = NewId();
            ids.Add(id);
            if (i % 2 == 0)
            {
                await _store.CreateAsync(Group(Tenant, id, $"Group {i}"));
            }
        }

        var identities = await _store.GetGroupIdentitiesAsync(Tenant, ids);

        Assert.Equal(602, identities.Count);
        Assert.Equal(identities.Count, identities.Select(g => g.Id).Distinct().Count());
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class GroupIdentityTests() : GroupIdentityTestsBase(new TestDatabase());
