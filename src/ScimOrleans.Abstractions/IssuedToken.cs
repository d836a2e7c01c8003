namespace ScimOrleans.Abstractions;

/// <summary>A newly issued token: the only time its value exists outside the caller's hands.</summary>
[GenerateSerializer, Immutable]
public sealed record IssuedToken(
    [property: Id(0)] TokenInfo Info,
    [property: Id(1)] string Value);
