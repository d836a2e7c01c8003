using Orleans.Configuration;
using ScimOrleans.Grains;
using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Silo.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// One silo on the embedded store: localhost clustering on the configured ports, and
    /// tenants/tokens through Orleans' ADO.NET grain storage on SQLite.
    /// </summary>
    public static WebApplicationBuilder AddScimSilo(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection(OrleansHostOptions.Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
        builder.Services.AddOptions<OrleansHostOptions>().BindConfiguration(OrleansHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = orleans.CollectionAge);
            silo.AddAdoNetGrainStorage(StorageNames.Settings, o => o.Invariant = SqliteOrleansDatabase.Invariant);
            silo.Services.AddOptions<Orleans.Configuration.AdoNetGrainStorageOptions>(StorageNames.Settings)
                .Configure<SettingsDatabase>((o, database) => o.DataSource = database.DataSource);
        });
        return builder;
    }
}
