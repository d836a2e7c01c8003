using System.Text.Json.Nodes;

namespace ScimOrleans.Scim.Patch;

/// <summary>
/// The patched, validated resource. <see cref="Changed"/> is false when the PATCH had no effect
/// (e.g. an IdP re-adding an existing member), so the caller can skip the write and keep the version.
/// </summary>
public sealed record PatchResult(JsonObject Document, bool Changed);
