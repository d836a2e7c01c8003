namespace ScimOrleans.Storage;

/// <summary>
/// Small deployment-wide secrets kept in the resource store's database, so every silo that
/// shares the database shares them (the key that signs list cursors, when none is configured).
/// </summary>
public interface IStoreSecrets
{
    /// <summary>
    /// The secret called <paramref name="name"/>; the first caller anywhere creates it with
    /// <paramref name="length"/> random bytes and every later caller, on any silo, reads the same.
    /// </summary>
    Task<byte[]> GetOrCreateSecretAsync(string name, int length, CancellationToken cancellationToken = default);
}
