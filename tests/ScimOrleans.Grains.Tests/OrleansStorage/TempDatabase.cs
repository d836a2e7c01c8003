namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>A SQLite file path in a fresh temp directory, deleted with the directory on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _directory =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scimorleans-orleans-" + Guid.NewGuid().ToString("N"));

    public TempDatabase() => Directory.CreateDirectory(_directory);

    public string Path => System.IO.Path.Combine(_directory, "orleans.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a handle still open (e.g. a pooled connection) only leaves litter in /tmp.
        }
    }
}
