using System.ComponentModel.DataAnnotations;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Silo.Hosting;

/// <summary><c>Storage__*</c>: where the embedded store lives.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Directory of the embedded SQLite databases; relative paths start at the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>SQLite's synchronous mode for the resource store: FULL survives power loss, NORMAL only a crash.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);
}
