using Microsoft.Extensions.Options;
using ScimOrleans.Storage;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Silo.Hosting;

public static class StorageHosting
{
    /// <summary>
    /// The embedded store under <c>Storage__DataDirectory</c>: the SCIM resource store and the
    /// Orleans settings database. Must be added before the silo so it is ready before grains run.
    /// </summary>
    public static WebApplicationBuilder AddScimStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
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
        builder.Services.AddHostedService<StorageInitializer>();
        return builder;
    }
}
