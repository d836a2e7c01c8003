using System.Text.Json.Nodes;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// An <see cref="IndexedResource"/> with every value of its row that does not depend on the
/// database worked out by the caller, before the write is queued: the document's JSON (all of it
/// but <c>meta</c>, which the writer appends), the folded columns and the activity rows. The one
/// writer thread then only binds and steps, so its time goes to SQLite, not to serialising.
/// </summary>
internal sealed class SerializedResource
{
    // The document JSON ends with this object's closing brace; meta is spliced in before it, which
    // gives the same text as serialising the document with meta as its last property.
    private readonly string _json;

    public SerializedResource(IndexedResource resource)
    {
        Resource = resource;
        _json = resource.Document.ToJsonString();
        UserNameFolded = resource.UserName is null ? null : CaseFolding.Fold(resource.UserName);
        DisplayNameFolded = resource.DisplayName is null ? null : CaseFolding.Fold(resource.DisplayName);
        Activity = [.. resource.Activity.Select(ActivityRow.From)];
    }

    public IndexedResource Resource { get; }

    public string? UserNameFolded { get; }

    public string? DisplayNameFolded { get; }

    public IReadOnlyList<ActivityRow> Activity { get; }

    /// <summary>What the writer stored (set on the writer thread; read by the caller after the commit).</summary>
    public StoredMeta? Written { get; set; }

    /// <summary>The stored document text: the document with <paramref name="meta"/> as its last property.</summary>
    public string DocumentWith(JsonObject meta)
    {
        var metaJson = meta.ToJsonString();
        // "{}" cannot occur (the document always has an id), so there is a property before meta.
        return string.Concat(_json.AsSpan(0, _json.Length - 1), ",\"meta\":", metaJson, "}");
    }

    /// <summary>
    /// The resource as a read would return it, built from the caller's copy of the document
    /// rather than re-read; only right when there are no memberships to compose (a new user).
    /// </summary>
    public StoredResource ToStoredResource()
    {
        var written = Written ?? throw new InvalidOperationException("The resource has not been written.");
        var resource = Resource;
        return new ResourceRow(resource.Tenant, resource.Id, resource.ResourceType, written.Version, written.Created, written.LastModified,
            resource.Document, written.Kind).ToStoredResource(null);
    }
}

/// <summary>The columns of a written resource that the writer decides: version, timestamps, kind.</summary>
internal sealed record StoredMeta(long Version, DateTimeOffset Created, DateTimeOffset LastModified, string? Kind);
