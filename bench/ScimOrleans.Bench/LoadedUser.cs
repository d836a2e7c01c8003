namespace ScimOrleans.Bench;

/// <summary>A user the load step created: its server-assigned id and its userName.</summary>
public sealed record LoadedUser(string Id, string UserName)
{
    /// <summary>Writes users as <c>id TAB userName</c> lines, for a later <c>phase --users-file</c>.</summary>
    public static void Save(string path, IReadOnlyList<LoadedUser> users)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, users.Select(u => $"{u.Id}\t{u.UserName}"));
    }

    public static IReadOnlyList<LoadedUser> Read(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(p => new LoadedUser(p[0], p[1]))];
}
