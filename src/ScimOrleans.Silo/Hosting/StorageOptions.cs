using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Hosting;

/// <summary><c>Storage__*</c>: where the embedded store lives.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Directory of the embedded SQLite databases; relative paths start at the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>SQLite's synchronous mode for the resource store: FULL survives power loss, NORMAL only a crash.</summary>
    [RegularExpression("(?i)^(FULL|NORMAL)$")]
    public string Synchronous { get; set; } = "FULL";

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);
}
