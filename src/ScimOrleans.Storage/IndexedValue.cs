namespace ScimOrleans.Storage;

/// <summary>
/// One value of an indexed multi-valued attribute (e.g. one e-mail address), folded for
/// case-insensitive look-ups. <see cref="Primary"/> is null when the value says nothing.
/// </summary>
public sealed record IndexedValue(string Attribute, int Ordinal, string? ValueFolded, string? TypeFolded, bool? Primary);
