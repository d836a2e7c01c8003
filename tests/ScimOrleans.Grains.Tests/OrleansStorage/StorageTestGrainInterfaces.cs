namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>Drives an <c>IPersistentState</c> from a test; one keyed interface per key shape below.</summary>
public interface IStorageTestGrain : IGrain
{
    Task<StorageTestSnapshot> Read();

    Task Write(string text, byte[]? payload);

    Task Clear();

    /// <summary>Re-reads the state from storage without deactivating.</summary>
    Task Reload();
}

/// <summary>String keys: stored with N0 = N1 = 0 and the whole key as the extension.</summary>
public interface IStringStorageTestGrain : IStorageTestGrain, IGrainWithStringKey;

/// <summary>Guid keys with an optional key extension.</summary>
public interface IGuidStorageTestGrain : IStorageTestGrain, IGrainWithGuidCompoundKey;

/// <summary>Integer keys: N0 = 0, N1 = the key.</summary>
public interface IIntegerStorageTestGrain : IStorageTestGrain, IGrainWithIntegerKey;

/// <summary>String keys on the provider with <c>DeleteStateOnClear = true</c>.</summary>
public interface IDeletingStorageTestGrain : IStorageTestGrain, IGrainWithStringKey;
