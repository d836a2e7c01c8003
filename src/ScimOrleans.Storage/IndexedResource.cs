using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Storage;

/// <summary>
/// A <see cref="ResourceWrite"/> taken apart for storage: the document without the parts the
/// store owns (<c>meta</c>, a user's <c>groups</c>, a group's <c>members</c>) and the values that
/// go to indexed columns and tables. Independent of the database engine.
/// </summary>
public sealed class IndexedResource
{
    /// <summary>Multi-valued attributes of a user whose values are indexed (IdPs match users on them).</summary>
    public static readonly IReadOnlyList<string> IndexedMultiValuedAttributes = ["emails", "phoneNumbers"];

    private IndexedResource(ResourceWrite write, JsonObject document)
    {
        Tenant = write.Tenant;
        ResourceType = write.ResourceType;
        Id = write.Id;
        Document = document;
        // Only users have a kind; whatever a caller passes for a group is dropped.
        Kind = write.ResourceType == ResourceTypeNames.User ? write.Kind : null;
        Activity = write.Activity;
    }

    public string Tenant { get; }

    public string ResourceType { get; }

    public string Id { get; }

    /// <summary>The user's kind as created (null for groups); a replace never changes the stored one.</summary>
    public string? Kind { get; }

    /// <summary>The activity entries to append in the same transaction as the write, in order.</summary>
    public IReadOnlyList<ActivityEntry> Activity { get; }

    /// <summary>A copy of the written document with <c>id</c> set and without meta, groups or members.</summary>
    public JsonObject Document { get; }

    public string? UserName { get; private init; }

    public string? ExternalId { get; private init; }

    public string? DisplayName { get; private init; }

    public IReadOnlyList<IndexedValue> Values { get; private init; } = [];

    /// <summary>Distinct member ids of a group in the order written; empty for a user.</summary>
    public IReadOnlyList<string> MemberIds { get; private init; } = [];

    public bool IsGroup => ResourceType == ResourceTypeNames.Group;

    public static IndexedResource From(ResourceWrite write)
    {
        ArgumentException.ThrowIfNullOrEmpty(write.Tenant);
        ArgumentException.ThrowIfNullOrEmpty(write.Id);
        if (write.ResourceType is not (ResourceTypeNames.User or ResourceTypeNames.Group))
        {
            throw new ArgumentException($"Unknown resource type '{write.ResourceType}'.", nameof(write));
        }

        // A deep copy: the caller (a grain) keeps its own document and must not see ours change.
        var document = (JsonObject)write.Document.DeepClone();
        document.Remove("meta");
        document["id"] = write.Id;
        var isGroup = write.ResourceType == ResourceTypeNames.Group;
        IReadOnlyList<string> members = [];
        if (isGroup)
        {
            members = ReadMembers(document["members"], write.Id);
            document.Remove("members");
        }
        else
        {
            document.Remove("groups");
        }

        return new IndexedResource(write, document)
        {
            UserName = isGroup ? null : AsString(document["userName"]),
            ExternalId = AsString(document["externalId"]),
            DisplayName = AsString(document["displayName"]),
            Values = isGroup ? [] : ReadIndexedValues(document),
            MemberIds = members,
        };
    }

    /// <summary>The user's name shown as a member's <c>display</c> when it has no displayName.</summary>
    public string? MemberDisplay => DisplayName ?? UserName;

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static List<IndexedValue> ReadIndexedValues(JsonObject document)
    {
        var values = new List<IndexedValue>();
        foreach (var attribute in IndexedMultiValuedAttributes)
        {
            if (document[attribute] is not JsonArray array)
            {
                continue;
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject element)
                {
                    continue;
                }

                var value = AsString(element["value"]);
                var type = AsString(element["type"]);
                bool? primary = element["primary"] is JsonValue p && p.TryGetValue<bool>(out var b) ? b : null;
                values.Add(new IndexedValue(attribute, i,
                    value is null ? null : CaseFolding.Fold(value),
                    type is null ? null : CaseFolding.Fold(type),
                    primary));
            }
        }

        return values;
    }

    private static List<string> ReadMembers(JsonNode? node, string groupId)
    {
        var ids = new List<string>();
        if (node is null)
        {
            return ids;
        }

        if (node is not JsonArray array)
        {
            throw ScimException.InvalidValue("'members' must be an array.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in array)
        {
            var value = element is JsonObject member ? AsString(member["value"]) : null;
            if (string.IsNullOrEmpty(value))
            {
                throw ScimException.InvalidValue("Every group member needs a 'value' (the member's id).");
            }

            if (value == groupId)
            {
                throw ScimException.InvalidValue($"Group '{groupId}' cannot be a member of itself.");
            }

            if (seen.Add(value))
            {
                ids.Add(value);
            }
        }

        return ids;
    }
}
