namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>One running host shared by the end-to-end tests of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class ScimCollection : ICollectionFixture<ScimApplicationFactory>
{
    public const string Name = "scim";
}
