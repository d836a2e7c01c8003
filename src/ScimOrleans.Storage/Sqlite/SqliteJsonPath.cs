namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// JSON paths for SQLite's json functions, every key quoted, so URN keys of extensions
/// (<c>$."urn:...:enterprise:2.0:User"."employeeNumber"</c>) and names like <c>$ref</c> work.
/// </summary>
internal static class SqliteJsonPath
{
    public static string Of(params IEnumerable<string> keys) =>
        "$" + string.Concat(keys.Select(key => $".\"{key}\""));
}
