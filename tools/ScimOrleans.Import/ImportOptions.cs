namespace ScimOrleans.Import;

public enum ImportFormat
{
    Csv,
    JsonLines,
}

/// <summary>What one import run does: where it reads, where it sends, and where it keeps its checkpoint and errors.</summary>
public sealed record ImportOptions(
    string Input,
    Uri Url,
    string? Token,
    ImportFormat Format,
    string StatePath,
    string ErrorsPath,
    int BatchSize = 1000,
    int Parallel = 2,
    int MaxRetries = 8)
{
    public static ImportFormat FormatOf(string input) =>
        Path.GetExtension(input).ToLowerInvariant() is ".jsonl" or ".ndjson" or ".json" ? ImportFormat.JsonLines : ImportFormat.Csv;
}
