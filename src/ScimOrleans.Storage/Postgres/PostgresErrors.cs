using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>How the store reads PostgreSQL's errors (https://www.postgresql.org/docs/15/errcodes-appendix.html).</summary>
internal static class PostgresErrors
{
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string DeadlockDetected = "40P01";
    public const string SerializationFailure = "40001";

    // Text the database cannot hold (NUL characters) or encode: the request is at fault.
    public const string CharacterNotInRepertoire = "22021";
    public const string UntranslatableCharacter = "22P05";

    /// <summary>A deadlock victim or a serialization failure: the same write may well succeed again.</summary>
    public static bool IsRetryable(Exception exception) =>
        exception is PostgresException { SqlState: DeadlockDetected or SerializationFailure };

    /// <summary>
    /// The database, not the request, is at fault: it cannot be reached, the connection broke,
    /// the server is shutting down or starting, it has no connections or disk left.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        switch (exception)
        {
            case StoreUnavailableException:
                return true;
            case PostgresException postgres:
                var state = postgres.SqlState;
                return state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                       || state is "57P01" or "57P02" or "57P03" // admin/crash shutdown, cannot connect now
                       || state is "53000" or "53100" or "53200" or "53300" // insufficient resources, disk full, out of memory, too many connections
                       || state is "58000" or "58030" // system error, I/O error
                       || state is "25006"; // read-only transaction (a standby after failover)
            case NpgsqlException:
                // Not a server error: a socket that refused, timed out or broke.
                return true;
            case TimeoutException or System.Net.Sockets.SocketException or IOException:
                return true;
            default:
                return exception.InnerException is { } inner && IsUnavailable(inner);
        }
    }

    /// <summary><see cref="StoreUnavailableException"/> for unavailability, any other exception unchanged.</summary>
    public static Exception Classify(Exception exception) =>
        exception is not StoreUnavailableException && IsUnavailable(exception)
            ? new StoreUnavailableException($"The PostgreSQL resource store is unavailable: {exception.Message}", exception)
            : exception;
}
