using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using ScimOrleans.Grains;
using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Silo.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// The silo. Embedded store: one silo with localhost clustering on the configured ports, and
    /// tenants/tokens through Orleans' ADO.NET grain storage on SQLite. Cluster mode
    /// (<c>Storage__Provider=Postgres</c>): ADO.NET clustering, grain storage and reminders on the
    /// PostgreSQL database, the silo advertised on <c>Orleans__AdvertisedAddress</c> and listening
    /// on every interface.
    /// </summary>
    public static WebApplicationBuilder AddScimSilo(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection(OrleansHostOptions.Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
        builder.Services.AddOptions<OrleansHostOptions>().BindConfiguration(OrleansHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = orleans.ShutdownTimeout);
        builder.Services.AddTransient<IStartupFilter, UnavailabilityStartupFilter>();
        var cluster = StorageOptions.From(builder.Configuration).Provider == StorageProvider.Postgres;
        var connectionString = cluster ? PostgresDatabase.From(builder.Configuration).ConnectionString : null;
        builder.UseOrleans(silo =>
        {
            silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = orleans.CollectionAge;
                o.CollectionQuantum = orleans.EffectiveCollectionQuantum;
            });
            silo.Configure<GrainDirectoryOptions>(o =>
            {
                o.CacheSize = orleans.DirectoryCacheSize;
                if (orleans.DirectoryCacheSize == 0)
                {
                    o.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None;
                }
            });
            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(OrleansHostOptions.MembershipSection);
            // Let the store's exceptions (StoreUnavailableException, Npgsql's) cross a grain call between
            // silos as themselves, so the host still recognises an outage (503) behind a remote grain.
            silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o =>
            {
                o.SupportedNamespacePrefixes.Add("ScimOrleans.");
                o.SupportedNamespacePrefixes.Add("Npgsql");
            });
            if (connectionString is not null)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = orleans.ClusterId;
                    o.ServiceId = orleans.ServiceId;
                });
                silo.ConfigureEndpoints(ResolveAdvertisedAddress(orleans.AdvertisedAddress), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresOrleansDatabase.Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageNames.Settings, o =>
                {
                    o.Invariant = PostgresOrleansDatabase.Invariant;
                    o.ConnectionString = connectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = PostgresOrleansDatabase.Invariant;
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
                silo.AddAdoNetGrainStorage(StorageNames.Settings, o => o.Invariant = SqliteOrleansDatabase.Invariant);
                silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Settings)
                    .Configure<SettingsDatabase>((o, database) => o.DataSource = database.DataSource);
            }
        });
        return builder;
    }

    /// <summary>An IP as given, a host name resolved to its first IPv4 address, or (unset) this host's first non-loopback IPv4 address.</summary>
    public static IPAddress ResolveAdvertisedAddress(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (IPAddress.TryParse(configured, out var ip))
            {
                return ip;
            }

            var addresses = Dns.GetHostAddresses(configured.Trim());
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException($"Orleans__AdvertisedAddress '{configured}' does not resolve.");
        }

        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
