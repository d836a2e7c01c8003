using System.Net.Sockets;
using Npgsql;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Http;

/// <summary>
/// Tells a failure of the service's dependencies (the database, a silo that died or is leaving)
/// from a bug: the former is a 503 the client may retry, the latter a 500. Exceptions that crossed
/// a grain call arrive as they were thrown or wrapped in an <see cref="OrleansException"/>, so the
/// whole chain of inner exceptions is searched.
/// </summary>
public static class ServiceUnavailability
{
    /// <summary>Seconds a client is told to wait before retrying (the <c>Retry-After</c> header).</summary>
    public const int RetryAfterSeconds = 2;

    public static bool IsUnavailable(Exception exception) => IsUnavailable(exception, depth: 0);

    private static bool IsUnavailable(Exception? exception, int depth)
    {
        if (exception is null || depth > 16)
        {
            return false;
        }

        switch (exception)
        {
            case StoreUnavailableException:
            case SiloUnavailableException:
            case OrleansMessageRejectionException:
            case GatewayTooBusyException:
            case TimeoutException: // a grain call past its response timeout, a connect timeout
            case SocketException:
                return true;
            case PostgresException postgres:
                return IsUnavailableState(postgres.SqlState) || IsUnavailable(postgres.InnerException, depth + 1);
            case NpgsqlException:
                // Not an error the server reported: a connection refused, broken or timed out.
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.Any(inner => IsUnavailable(inner, depth + 1));
            default:
                // An exception type that could not be rebuilt on this side of a grain call keeps its name.
                return exception.GetType().Name == "UnavailableExceptionFallbackException"
                       && exception.Message.Contains("Npgsql", StringComparison.Ordinal)
                       || IsUnavailable(exception.InnerException, depth + 1);
        }
    }

    // https://www.postgresql.org/docs/15/errcodes-appendix.html
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || state is "57P01" or "57P02" or "57P03" // admin shutdown, crash shutdown, cannot connect now
        || state is "53000" or "53100" or "53200" or "53300" // insufficient resources, disk full, out of memory, too many connections
        || state is "58000" or "58030" // system error, I/O error
        || state is "25006" or "57014"; // read-only transaction (a standby), statement timeout / cancelled
}
