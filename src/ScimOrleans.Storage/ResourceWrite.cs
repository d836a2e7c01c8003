using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>
/// A validated resource to store: canonical attribute names, no <c>meta</c> needed (the store
/// sets it), for a group its <c>members</c> (each with <c>value</c>, optionally <c>type</c>),
/// for a user no <c>groups</c> (derived from memberships).
/// </summary>
public sealed record ResourceWrite(string Tenant, string ResourceType, string Id, JsonObject Document);
