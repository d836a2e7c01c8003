using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>SQLite result codes the store reacts to (https://sqlite.org/rescode.html).</summary>
internal static class SqliteErrors
{
    public const int Constraint = 19;
    public const int ConstraintPrimaryKey = 1555;
    public const int ConstraintUnique = 2067;

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN:
    // the database, not the request, is at fault.
    private static readonly HashSet<int> UnavailableCodes = [5, 6, 8, 10, 13, 14];

    /// <summary>
    /// <see cref="StoreUnavailableException"/> for failures of the database itself (busy, I/O,
    /// disk full), so the host answers 503; any other exception unchanged.
    /// </summary>
    public static Exception Classify(Exception exception)
    {
        var sqlite = exception as SqliteException ?? exception.InnerException as SqliteException;
        return sqlite is not null && UnavailableCodes.Contains(sqlite.SqliteErrorCode)
            ? new StoreUnavailableException($"The embedded database is unavailable: {sqlite.Message}", exception)
            : exception;
    }

    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == Constraint
        && exception.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;
}
