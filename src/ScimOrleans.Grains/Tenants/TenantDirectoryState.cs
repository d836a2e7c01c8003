namespace ScimOrleans.Grains.Tenants;

[GenerateSerializer]
public sealed record TenantDirectoryState
{
    [Id(0)] public string[] Tenants { get; init; } = [];
}
