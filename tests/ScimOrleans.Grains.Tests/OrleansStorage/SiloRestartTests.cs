namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>State written by one silo is read by the next one on the same database file.</summary>
public sealed class SiloRestartTests(OrleansStorageCluster fixture) : IClassFixture<OrleansStorageCluster>
{
    [Fact]
    public async Task State_survives_a_silo_restart()
    {
        var stringKey = "restart-" + Guid.NewGuid().ToString("N");
        var guidKey = Guid.NewGuid();
        await fixture.Client.GetGrain<IStringStorageTestGrain>(stringKey).Write("by string", [9]);
        await fixture.Client.GetGrain<IGuidStorageTestGrain>(guidKey, "ext").Write("by guid", null);

        await fixture.RestartAsync();

        var byString = await fixture.Client.GetGrain<IStringStorageTestGrain>(stringKey).Read();
        Assert.Equal("by string", byString.Text);
        Assert.Equal([9], byString.Payload);
        var byGuid = await fixture.Client.GetGrain<IGuidStorageTestGrain>(guidKey, "ext").Read();
        Assert.Equal("by guid", byGuid.Text);
        Assert.Equal("1", byGuid.ETag);
    }
}
