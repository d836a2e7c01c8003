using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>
/// A validated resource to store: canonical attribute names, no <c>meta</c> needed (the store
/// sets it), for a group its <c>members</c> (each with <c>value</c>, optionally <c>type</c>),
/// for a user no <c>groups</c> (derived from memberships).
/// <see cref="Kind"/> is a user's kind (dashboard, learner; null for groups): it is set when the
/// user is created and never changes. <see cref="Activity"/> is appended to the tenant's activity
/// log in the same transaction as the write, so a change is never without its record; a grain that
/// folds several queued requests into one write passes one entry per request, in their order.
/// </summary>
public sealed record ResourceWrite(string Tenant, string ResourceType, string Id, JsonObject Document, string? Kind = null, params IReadOnlyList<ActivityEntry> Activity);
