using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScimOrleans.Import;

/// <summary>JSON Lines: one SCIM user object per line; blank lines are skipped.</summary>
public static class JsonLinesUserReader
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    public static async IAsyncEnumerable<UserRecord> ReadAsync(TextReader reader)
    {
        long line = 0;
        while (await reader.ReadLineAsync() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var (user, error) = Parse(text);
            if (user is null)
            {
                yield return new UserRecord(line, null, error);
                continue;
            }

            user["schemas"] ??= new JsonArray(UserSchema);
            yield return user["userName"] is JsonValue
                ? new UserRecord(line, user, null)
                : new UserRecord(line, null, "no userName");
        }
    }

    private static (JsonObject? User, string? Error) Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject user ? (user, null) : (null, "not a JSON object");
        }
        catch (JsonException e)
        {
            return (null, $"not JSON: {e.Message}");
        }
    }
}
