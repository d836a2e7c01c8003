namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>
/// The identity parameters Orleans sends with every storage key. The hashes are arbitrary here: the
/// SQL only compares them, it never computes them.
/// </summary>
public sealed record StorageRowIdentity(
    string ServiceId,
    string StateName,
    long N0,
    long N1,
    string? Extension,
    int GrainIdHash = 1234567,
    int GrainTypeHash = -7654321)
{
    public static StorageRowIdentity ForStringKey(string key) => new("sql-tests", "state", 0, 0, key);
}
