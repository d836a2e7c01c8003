using Microsoft.Extensions.Options;
using ScimOrleans.Storage;
using ScimOrleans.Storage.Postgres;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Silo.Hosting;

public static class StorageHosting
{
    /// <summary>
    /// The resource store of <c>Storage__Provider</c>: the embedded store under
    /// <c>Storage__DataDirectory</c> (with the Orleans settings database beside it), or PostgreSQL
    /// (<c>ConnectionStrings__Postgres</c>). Must be added before the silo so the schemas are in
    /// place before grains run.
    /// </summary>
    public static WebApplicationBuilder AddScimStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (StorageOptions.From(builder.Configuration).Provider == StorageProvider.Postgres)
        {
            var database = PostgresDatabase.From(builder.Configuration);
            builder.Services.AddSingleton(database);
            builder.Services.AddSingleton(services => new PostgresResourceStore(new PostgresStoreOptions
            {
                ConnectionString = database.ConnectionString,
                TimeProvider = services.GetRequiredService<TimeProvider>(),
            }));
            builder.Services.AddSingleton<IResourceStore>(services => services.GetRequiredService<PostgresResourceStore>());
        }
        else
        {
            builder.Services.AddSingleton<SettingsDatabase>();
            builder.Services.AddSingleton(services =>
            {
                var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
                return new SqliteResourceStore(
                    new SqliteStoreOptions
                    {
                        DatabasePath = Path.Combine(options.ResolvedDataDirectory, "scim.db"),
                        Synchronous = options.Synchronous,
                    },
                    services.GetRequiredService<TimeProvider>());
            });
            builder.Services.AddSingleton<IResourceStore>(services => services.GetRequiredService<SqliteResourceStore>());
        }

        builder.Services.AddHostedService<StorageInitializer>();
        return builder;
    }
}
