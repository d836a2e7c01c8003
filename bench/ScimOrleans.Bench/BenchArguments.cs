using System.Globalization;

namespace ScimOrleans.Bench;

/// <summary>
/// <c>--name value</c> pairs from the command line. Every option has a default, so a bare
/// <c>all --baseline URL --scim URL --token T</c> is a complete run.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private BenchArguments(string command) => Command = command;

    /// <summary>The first word: <c>all</c>, <c>scale</c>, <c>load</c> or <c>phase</c>.</summary>
    public string Command { get; }

    public static BenchArguments Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("The first argument must be a command: all, scale, load or phase.");
        }

        var parsed = new BenchArguments(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{name}'.");
            }

            parsed._values[name[2..]] = args[++i];
        }

        return parsed;
    }

    public string? Optional(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required.");

    public string String(string name, string fallback) => Optional(name) ?? fallback;

    public int Int(string name, int fallback) =>
        Optional(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        Optional(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
