namespace ScimOrleans.Grains;

[GenerateSerializer]
public sealed record TenantState
{
    [Id(0)] public DateTimeOffset CreatedAt { get; init; }

    [Id(1)] public string[] TokenIds { get; init; } = [];
}
