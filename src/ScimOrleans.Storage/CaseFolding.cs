namespace ScimOrleans.Storage;

/// <summary>
/// How values of attributes that are not <c>caseExact</c> are compared: both sides folded with
/// <see cref="string.ToLowerInvariant"/>. Done in .NET rather than with the database's lower(),
/// which folds only ASCII in SQLite, so "ÉLODIE@x" and "élodie@x" collide as a user expects.
/// </summary>
public static class CaseFolding
{
    public static string Fold(string value) => value.ToLowerInvariant();
}
