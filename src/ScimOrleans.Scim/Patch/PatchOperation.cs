using System.Text.Json.Nodes;

namespace ScimOrleans.Scim.Patch;

/// <summary>
/// One operation of a PATCH request. <see cref="Path"/> is null when the client sent none;
/// <see cref="Value"/> is null both when absent and when an explicit JSON null.
/// </summary>
public sealed record PatchOperation(PatchOperationKind Kind, string? Path, JsonNode? Value);
