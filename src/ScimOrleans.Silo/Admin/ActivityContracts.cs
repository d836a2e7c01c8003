using System.Text.Json.Nodes;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Admin;

/// <summary>One provisioning event; values of sensitive attributes in <see cref="Changes"/> are masked.</summary>
public sealed record ActivityEntryDocument(
    long Sequence,
    DateTimeOffset Time,
    string? TokenName,
    string Operation,
    string ResourceType,
    string? ResourceId,
    int Status,
    string? ScimType,
    string? Detail,
    JsonObject? Changes)
{
    public static ActivityEntryDocument From(ActivityEntry entry) => new(
        entry.Sequence, entry.Time, entry.TokenName, entry.Operation, entry.ResourceType, entry.ResourceId,
        entry.Status, entry.ScimType, entry.Detail, entry.Changes);
}

/// <summary>A page of activity, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next page (null at the end).</summary>
public sealed record ActivityPageDocument(IReadOnlyList<ActivityEntryDocument> Entries, long? NextBefore);
