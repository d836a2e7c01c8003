namespace ScimOrleans.Abstractions;

/// <summary>The settings after an update, or why the update was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantSettingsResult(
    [property: Id(0)] TenantSettings? Settings,
    [property: Id(1)] ScimFault? Fault);
