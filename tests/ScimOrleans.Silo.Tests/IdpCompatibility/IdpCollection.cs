using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// The identity-provider compatibility tests share one host of their own (a real silo and store),
/// so their provisioning cycles run beside, not inside, the other end-to-end collections.
/// Every test makes its own tenant.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IdpCollection : ICollectionFixture<ScimApplicationFactory>
{
    public const string Name = "idp";
}
