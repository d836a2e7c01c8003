using System.Text;
using System.Text.Json.Nodes;

namespace ScimOrleans.Import;

/// <summary>
/// CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) with a header row
/// naming the SCIM attribute of each column; <see cref="CsvColumns"/> says how a header maps.
/// An empty field leaves its attribute out.
/// </summary>
public static class CsvUserReader
{
    public static async IAsyncEnumerable<UserRecord> ReadAsync(TextReader reader)
    {
        var records = ReadRecordsAsync(reader).GetAsyncEnumerator();
        if (!await records.MoveNextAsync())
        {
            yield break;
        }

        var columns = CsvColumns.FromHeader(records.Current.Fields);
        while (await records.MoveNextAsync())
        {
            var (line, fields) = records.Current;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue; // a blank line
            }

            if (fields.Count != columns.Count)
            {
                yield return new UserRecord(line, null, $"{fields.Count} fields where the header has {columns.Count}");
                continue;
            }

            UserRecord record;
            try
            {
                var user = new JsonObject { ["schemas"] = new JsonArray(JsonLinesUserReader.UserSchema) };
                for (var i = 0; i < fields.Count; i++)
                {
                    if (fields[i].Length > 0)
                    {
                        columns[i].Apply(user, fields[i]);
                    }
                }

                record = user["userName"] is null ? new UserRecord(line, null, "no userName") : new UserRecord(line, user, null);
            }
            catch (FormatException e)
            {
                record = new UserRecord(line, null, e.Message);
            }

            yield return record;
        }
    }

    /// <summary>Each record's fields with the line it starts on.</summary>
    public static async IAsyncEnumerable<(long Line, List<string> Fields)> ReadRecordsAsync(TextReader reader)
    {
        long line = 0;
        while (await reader.ReadLineAsync() is { } text)
        {
            line++;
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var i = 0;
            while (true)
            {
                if (i >= text.Length)
                {
                    if (quoted && await reader.ReadLineAsync() is { } next)
                    {
                        line++;
                        field.Append('\n');
                        text = next;
                        i = 0;
                        continue;
                    }

                    fields.Add(field.ToString());
                    break;
                }

                var c = text[i++];
                if (quoted)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i < text.Length && text[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            yield return (start, fields);
        }
    }
}
