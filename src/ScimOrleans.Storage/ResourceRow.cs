using System.Data.Common;
using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>A row of <c>resources</c> as read (either engine), before its memberships are composed in.</summary>
internal sealed record ResourceRow(string Tenant, string Id, string Type, long Version, DateTimeOffset Created, DateTimeOffset LastModified, JsonObject Document, string? Kind)
{
    /// <summary>The column list <see cref="Read"/> expects, in order, for a table aliased <c>r</c>.</summary>
    public const string Columns = "r.tenant, r.id, r.type, r.version, r.created, r.last_modified, r.doc, r.kind";

    /// <summary>The row at the reader, its document (column 6) parsed by the engine's <paramref name="document"/>.</summary>
    public static ResourceRow Read(DbDataReader reader, Func<DbDataReader, int, JsonObject> document) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        StoreTimestamps.Parse(reader.GetString(4)),
        StoreTimestamps.Parse(reader.GetString(5)),
        document(reader, 6),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    public static JsonObject ParseDocument(string json) => AsObject(JsonNode.Parse(json));

    /// <summary>A document read as UTF-8 bytes: parsed without first becoming a string twice their size.</summary>
    public static JsonObject ParseDocument(ReadOnlySpan<byte> utf8Json) => AsObject(JsonNode.Parse(utf8Json));

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new InvalidDataException("A stored resource is not a JSON object.");

    /// <summary>
    /// The resource for reading: the stored document with the composed <paramref name="memberships"/>
    /// (a user's groups or a group's members) and <c>meta</c> from the columns, which are
    /// authoritative (a delete elsewhere bumps a group's version without rewriting its body).
    /// </summary>
    public StoredResource ToStoredResource(JsonArray? memberships)
    {
        var document = Document;
        document.Remove("meta");
        document.Remove("groups");
        document.Remove("members");
        if (memberships is { Count: > 0 })
        {
            document[Type == ResourceTypeNames.Group ? "members" : "groups"] = memberships;
        }

        document["meta"] = Meta(Type, Created, LastModified, Version);
        return new StoredResource(Tenant, Type, Id, Version, Created, LastModified, document, Kind);
    }

    public static JsonObject Meta(string type, DateTimeOffset created, DateTimeOffset lastModified, long version) => new()
    {
        ["resourceType"] = type,
        ["created"] = StoreTimestamps.ToText(created),
        ["lastModified"] = StoreTimestamps.ToText(lastModified),
        ["version"] = ResourceVersion.ToETag(version),
    };
}
