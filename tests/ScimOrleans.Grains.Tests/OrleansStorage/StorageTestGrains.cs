namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>The behaviour shared by the storage test grains; subclasses pick key shape and provider.</summary>
public abstract class StorageTestGrain(IPersistentState<StorageTestState> state) : Grain, IStorageTestGrain
{
    public Task<StorageTestSnapshot> Read() =>
        Task.FromResult(new StorageTestSnapshot(state.State.Text, state.State.Payload, state.RecordExists, state.Etag));

    public Task Write(string text, byte[]? payload)
    {
        state.State = new StorageTestState { Text = text, Payload = payload };
        return state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task Reload() => state.ReadStateAsync();
}

public sealed class StringStorageTestGrain(
    [PersistentState("state", OrleansStorageCluster.ProviderName)] IPersistentState<StorageTestState> state)
    : StorageTestGrain(state), IStringStorageTestGrain;

public sealed class GuidStorageTestGrain(
    [PersistentState("state", OrleansStorageCluster.ProviderName)] IPersistentState<StorageTestState> state)
    : StorageTestGrain(state), IGuidStorageTestGrain;

public sealed class IntegerStorageTestGrain(
    [PersistentState("state", OrleansStorageCluster.ProviderName)] IPersistentState<StorageTestState> state)
    : StorageTestGrain(state), IIntegerStorageTestGrain;

// A different state name than the others, so its rows never share identity with StringStorageTestGrain's.
public sealed class DeletingStorageTestGrain(
    [PersistentState("deleting", OrleansStorageCluster.DeletingProviderName)] IPersistentState<StorageTestState> state)
    : StorageTestGrain(state), IDeletingStorageTestGrain;
