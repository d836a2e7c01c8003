using Microsoft.Extensions.DependencyInjection;
using ScimOrleans.Silo.Admin;
using ScimOrleans.Silo.Tests.Infrastructure;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>
/// The real host with an operator key, for the admin API tests: its own data directory and ports.
/// Every test creates its own tenants through the admin API, so tests never see each other's data.
/// </summary>
public sealed class AdminApplicationFactory() : ScimHostFactory("scim-admin-tests-")
{
    public const string ApiKey = "operator-key-for-admin-tests-0123456789";

    public IResourceStore Store => Services.GetRequiredService<IResourceStore>();

    public ActivityRetentionService Retention => Services.GetRequiredService<ActivityRetentionService>();

    protected override IEnumerable<(string Key, string Value)> Settings() => [("Admin:ApiKey", ApiKey)];
}

/// <summary>One admin host shared by the admin API tests.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminApplicationFactory>
{
    public const string Name = "admin";
}
