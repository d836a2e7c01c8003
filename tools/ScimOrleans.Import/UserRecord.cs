using System.Text.Json.Nodes;

namespace ScimOrleans.Import;

/// <summary>
/// One user read from the input: the SCIM user, or why the record could not be read. <see cref="Line"/>
/// is the line of the input the record starts on; the checkpoint counts in lines.
/// </summary>
public sealed record UserRecord(long Line, JsonObject? User, string? Error)
{
    public string? UserName => User?["userName"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
}
