using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>SQLite result codes the store reacts to (https://sqlite.org/rescode.html).</summary>
internal static class SqliteErrors
{
    public const int Constraint = 19;
    public const int ConstraintPrimaryKey = 1555;
    public const int ConstraintUnique = 2067;

    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == Constraint
        && exception.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;
}
