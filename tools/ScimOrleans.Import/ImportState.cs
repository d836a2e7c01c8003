using System.Text.Json;

namespace ScimOrleans.Import;

/// <summary>
/// The checkpoint of an import (<c>--state</c>): every record starting on or before
/// <see cref="LastCompletedLine"/> has been sent and answered, so a rerun continues after it.
/// It is replaced atomically (written beside, then moved over), so an interruption leaves the
/// previous checkpoint or the new one, never half of one.
/// </summary>
public sealed record ImportState(string Input, long LastCompletedLine, long Imported, long Failed)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static ImportState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<ImportState>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"The state file {path} is empty.");
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
