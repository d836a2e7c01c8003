namespace ScimOrleans.Grains;

[GenerateSerializer]
public sealed record TenantDirectoryState
{
    [Id(0)] public IReadOnlyList<string> Tenants { get; init; } = [];
}
