using Orleans.Storage;

namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>Grain state through Orleans' ADO.NET provider on SQLite, end to end.</summary>
public sealed class GrainPersistenceTests(OrleansStorageCluster fixture) : IClassFixture<OrleansStorageCluster>
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task String_key_state_survives_deactivation()
    {
        var key = "tenant-" + Guid.NewGuid().ToString("N");
        var grain = Grains.GetGrain<IStringStorageTestGrain>(key);

        await grain.Write("hello", [1, 2, 3]);
        await fixture.Cluster.DeactivateAsync(grain);
        var read = await grain.Read();

        Assert.Equal("hello", read.Text);
        Assert.Equal([1, 2, 3], read.Payload);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        // String keys: N0 = N1 = 0, the key in the extension, the state name as the type string.
        Assert.Equal(1L, await Scalar(
            $"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{key}' AND GrainIdN0 = 0 AND GrainIdN1 = 0 " +
            $"AND GrainTypeString = 'state' AND ServiceId = '{fixture.ServiceId}' AND Version = 1"));
    }

    [Fact]
    public async Task Guid_keys_with_different_extensions_are_different_rows()
    {
        var id = Guid.NewGuid();
        var first = Grains.GetGrain<IGuidStorageTestGrain>(id, "a");
        var second = Grains.GetGrain<IGuidStorageTestGrain>(id, "b");

        await first.Write("first", null);
        await second.Write("second", null);
        await second.Write("second again", null);
        await fixture.Cluster.DeactivateAsync(first);
        await fixture.Cluster.DeactivateAsync(second);

        Assert.Equal("first", (await first.Read()).Text);
        var secondRead = await second.Read();
        Assert.Equal("second again", secondRead.Text);
        Assert.Equal("2", secondRead.ETag);
        // Guid keys: N0/N1 are the halves of Guid.ToByteArray().
        var bytes = id.ToByteArray();
        var n0 = BitConverter.ToInt64(bytes, 0);
        var n1 = BitConverter.ToInt64(bytes, 8);
        Assert.Equal(2L, await Scalar(
            $"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdN0 = {n0} AND GrainIdN1 = {n1} AND GrainIdExtensionString IN ('a', 'b')"));
    }

    [Fact]
    public async Task Integer_key_state_survives_deactivation()
    {
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var grain = Grains.GetGrain<IIntegerStorageTestGrain>(key);

        await grain.Write("number", null);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal("number", (await grain.Read()).Text);
        Assert.Equal(1L, await Scalar($"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdN0 = 0 AND GrainIdN1 = {key}"));
    }

    [Fact]
    public async Task One_mebibyte_payload_round_trips()
    {
        var payload = new byte[1024 * 1024];
        Random.Shared.NextBytes(payload);
        var grain = Grains.GetGrain<IStringStorageTestGrain>("big-" + Guid.NewGuid().ToString("N"));

        await grain.Write("big", payload);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(payload, (await grain.Read()).Payload);
    }

    [Fact]
    public async Task Clear_keeps_the_row_with_a_null_payload_and_a_newer_version()
    {
        var key = "clear-" + Guid.NewGuid().ToString("N");
        var grain = Grains.GetGrain<IStringStorageTestGrain>(key);
        await grain.Write("doomed", null);

        await grain.Clear();
        var cleared = await grain.Read();
        Assert.Null(cleared.Text);
        Assert.False(cleared.RecordExists);
        Assert.Equal("2", cleared.ETag);
        Assert.Equal(1L, await Scalar($"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{key}' AND PayloadBinary IS NULL AND Version = 2"));

        await fixture.Cluster.DeactivateAsync(grain);
        var reactivated = await grain.Read();
        Assert.Null(reactivated.Text);
        Assert.False(reactivated.RecordExists);
        Assert.Equal("2", reactivated.ETag);

        await grain.Write("reborn", null);
        await fixture.Cluster.DeactivateAsync(grain);
        var reborn = await grain.Read();
        Assert.Equal("reborn", reborn.Text);
        Assert.Equal("3", reborn.ETag);
    }

    [Fact]
    public async Task Clear_with_DeleteStateOnClear_deletes_the_row()
    {
        var key = "delete-" + Guid.NewGuid().ToString("N");
        var grain = Grains.GetGrain<IDeletingStorageTestGrain>(key);
        await grain.Write("doomed", null);
        await grain.Write("doomed twice", null);

        await grain.Clear();
        var cleared = await grain.Read();
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.ETag);
        Assert.Equal(0L, await Scalar($"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{key}'"));

        // With no ETag the next write inserts afresh.
        await grain.Write("again", null);
        await fixture.Cluster.DeactivateAsync(grain);
        var again = await grain.Read();
        Assert.Equal("again", again.Text);
        Assert.Equal("1", again.ETag);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_InconsistentStateException()
    {
        var key = "stale-" + Guid.NewGuid().ToString("N");
        var grain = Grains.GetGrain<IStringStorageTestGrain>(key);
        await grain.Write("mine", null);

        // Another writer (another silo, in real life) moves the row on behind the activation's back.
        await Scalar($"UPDATE OrleansStorage SET Version = Version + 1 WHERE GrainIdExtensionString = '{key}'");

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Write("lost update", null));
        Assert.Equal(2L, await Scalar($"SELECT Version FROM OrleansStorage WHERE GrainIdExtensionString = '{key}'"));
    }

    [Fact]
    public async Task Reload_sees_what_another_writer_stored()
    {
        var key = "reload-" + Guid.NewGuid().ToString("N");
        var grain = Grains.GetGrain<IStringStorageTestGrain>(key);
        await grain.Write("one", null);
        await Scalar($"UPDATE OrleansStorage SET PayloadBinary = NULL, Version = 7 WHERE GrainIdExtensionString = '{key}'");

        await grain.Reload();
        var read = await grain.Read();

        Assert.False(read.RecordExists);
        Assert.Equal("7", read.ETag);
    }

    private Task<object?> Scalar(string sql) => OrleansStorageSql.ScalarAsync(fixture.DataSource, sql);
}
