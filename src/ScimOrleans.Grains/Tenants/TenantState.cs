using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tenants;

[GenerateSerializer]
public sealed record TenantState
{
    [Id(0)] public DateTimeOffset CreatedAt { get; init; }

    [Id(1)] public string[] TokenIds { get; init; } = [];

    [Id(2)] public TenantSettings Settings { get; init; } = new();
}
