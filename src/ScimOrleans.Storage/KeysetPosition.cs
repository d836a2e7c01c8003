using System.Globalization;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Storage;

/// <summary>
/// Where a keyset page ends: the sort key of its last resource as the database computed it
/// (null when that resource has no value, or for the default id order) and its id. The value
/// keeps its database type (text, integer, real, numeric, boolean, timestamp) through
/// <see cref="ToJson"/> and <see cref="FromJson"/>, so the next page compares like with like.
/// </summary>
public sealed record KeysetPosition(object? SortValue, string Id)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["i"] = Id };
        switch (SortValue)
        {
            case null or DBNull:
                break;
            case string s:
                json["s"] = s;
                break;
            case long l:
                json["l"] = l;
                break;
            case int i:
                json["l"] = i;
                break;
            case double d:
                json["d"] = d;
                break;
            case decimal m:
                json["m"] = m.ToString(CultureInfo.InvariantCulture);
                break;
            case bool b:
                json["b"] = b;
                break;
            case DateTime t:
                json["t"] = (t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()).Ticks;
                break;
            case DateTimeOffset o:
                json["t"] = o.UtcDateTime.Ticks;
                break;
            case byte[] x:
                json["x"] = Convert.ToBase64String(x);
                break;
            default:
                throw new NotSupportedException($"A sort key of type {SortValue.GetType()} cannot be kept in a cursor.");
        }

        return json;
    }

    /// <summary>The position written by <see cref="ToJson"/>, or 400 <c>invalidCursor</c>.</summary>
    public static KeysetPosition FromJson(JsonObject json)
    {
        try
        {
            var id = json["i"]!.GetValue<string>();
            object? value =
                json["s"] is { } s ? s.GetValue<string>()
                : json["l"] is { } l ? l.GetValue<long>()
                : json["d"] is { } d ? d.GetValue<double>()
                : json["m"] is { } m ? decimal.Parse(m.GetValue<string>(), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
                : json["b"] is { } b ? b.GetValue<bool>()
                : json["t"] is { } t ? new DateTime(t.GetValue<long>(), DateTimeKind.Utc)
                : json["x"] is { } x ? Convert.FromBase64String(x.GetValue<string>())
                : null;
            return new KeysetPosition(value, id);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or ArgumentException or OverflowException)
        {
            throw ScimException.BadRequest(ScimErrorTypes.InvalidCursor, "The cursor is not valid: send an empty cursor for the first page.");
        }
    }
}
