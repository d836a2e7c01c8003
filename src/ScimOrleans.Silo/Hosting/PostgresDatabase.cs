using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// Cluster mode's one PostgreSQL database (<c>ConnectionStrings__Postgres</c>), shared by the
/// resource store and Orleans' clustering, grain storage and reminders. The connection string
/// gets bounded connect and command timeouts unless it sets its own
/// (<see cref="PostgresOrleansDatabase.CreateConnectionString"/>).
/// </summary>
public sealed class PostgresDatabase(string connectionString)
{
    public string ConnectionString { get; } = PostgresOrleansDatabase.CreateConnectionString(connectionString);

    /// <summary>The configured database, or a clear start-up error when the connection string is missing.</summary>
    public static PostgresDatabase From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(StorageOptions.PostgresConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Storage__Provider=Postgres needs ConnectionStrings__Postgres (e.g. 'Host=db;Database=scim;Username=scim;Password=...').");
        }

        return new PostgresDatabase(connectionString);
    }
}
