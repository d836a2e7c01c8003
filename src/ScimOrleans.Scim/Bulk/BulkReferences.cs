using System.Text;
using System.Text.Json.Nodes;

namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// <c>bulkId:</c> references (RFC 7644 §3.7.2): a string value that is exactly
/// <c>bulkId:qwerty</c> names the resource the POST with bulkId <c>qwerty</c> creates (a group's
/// <c>members[].value</c>, a user's <c>manager.value</c>); inside a longer string, such as a
/// <c>$ref</c> URL ending <c>/Users/bulkId:qwerty</c>, the reference runs to the next
/// <c>/ ? # , ; " ' ( ) [ ] { } &lt; &gt;</c> or white space.
/// </summary>
public static class BulkReferences
{
    public const string Prefix = "bulkId:";

    /// <summary>The bulkIds named in a string, in order, without duplicates.</summary>
    public static IReadOnlyList<string> Find(string text)
    {
        var found = new List<string>();
        foreach (var (_, _, bulkId) in Scan(text))
        {
            if (!found.Contains(bulkId, StringComparer.Ordinal))
            {
                found.Add(bulkId);
            }
        }

        return found;
    }

    /// <summary>The bulkIds named in any string value of a JSON document (property names are not values).</summary>
    public static IReadOnlyList<string> Find(JsonNode? node)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    foreach (var property in obj.Reverse())
                    {
                        pending.Push(property.Value);
                    }

                    break;
                case JsonArray array:
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        pending.Push(array[i]);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    foreach (var bulkId in Find(text))
                    {
                        if (seen.Add(bulkId))
                        {
                            found.Add(bulkId);
                        }
                    }

                    break;
            }
        }

        return found;
    }

    /// <summary>Replaces every reference with the id <paramref name="resolve"/> gives for its bulkId.</summary>
    public static string Resolve(string text, Func<string, string> resolve)
    {
        StringBuilder? result = null;
        var copied = 0;
        foreach (var (start, length, bulkId) in Scan(text))
        {
            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, start - copied).Append(resolve(bulkId));
            copied = start + length;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>A copy of the document with every reference in its string values resolved.</summary>
    public static JsonObject Resolve(JsonObject document, Func<string, string> resolve) =>
        (JsonObject)ResolveNode(document, resolve)!;

    private static JsonNode? ResolveNode(JsonNode? node, Func<string, string> resolve) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, ResolveNode(p.Value, resolve)))),
        JsonArray array => new JsonArray([.. array.Select(item => ResolveNode(item, resolve))]),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Resolve(text, resolve)),
        _ => node?.DeepClone(),
    };

    private static IEnumerable<(int Start, int Length, string BulkId)> Scan(string text)
    {
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // The whole value is one reference, whatever characters the client's bulkId holds.
            if (text.Length > Prefix.Length)
            {
                yield return (0, text.Length, text[Prefix.Length..]);
            }

            yield break;
        }

        var at = 0;
        while ((at = text.IndexOf(Prefix, at, StringComparison.Ordinal)) >= 0)
        {
            var end = at + Prefix.Length;
            while (end < text.Length && !EndsReference(text[end]))
            {
                end++;
            }

            if (end > at + Prefix.Length)
            {
                yield return (at, end - at, text[(at + Prefix.Length)..end]);
            }

            at = end;
        }
    }

    private static bool EndsReference(char c) =>
        char.IsWhiteSpace(c) || c is '/' or '?' or '#' or ',' or ';' or '"' or '\'' or '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>';
}
