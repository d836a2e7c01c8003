using ScimOrleans.Cluster.Tests.Infrastructure;
using ScimOrleans.Testing;

namespace ScimOrleans.Cluster.Tests;

/// <summary>One PostgreSQL server and a three-silo cluster on it, shared by the tests that leave it running.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The test process's shared server (stopped when the process exits).</summary>
    public PostgresServer Postgres { get; private set; } = null!;

    public ScimCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.SharedAsync();
        Cluster = await ScimCluster.StartAsync(Postgres, 3);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
