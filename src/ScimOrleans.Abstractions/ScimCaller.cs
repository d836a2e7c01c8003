namespace ScimOrleans.Abstractions;

/// <summary>
/// Who is calling a resource grain: the token (for the activity log and its domain rule) and the
/// tenant settings version the token reported, so the grain applies settings at least that new.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScimCaller(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string TokenName,
    [property: Id(2)] string? Domain,
    [property: Id(3)] int SettingsVersion);
