using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>
/// One provisioning event of a tenant: when, which token, which IdP operation on which resource,
/// the outcome, and the attributes it changed (values of sensitive ones already masked by the caller).
/// </summary>
public sealed record ActivityEntry(
    string Tenant,
    DateTimeOffset Time,
    string? TokenId,
    string? TokenName,
    string Operation,
    string ResourceType,
    string? ResourceId,
    int Status,
    string? ScimType,
    string? Detail,
    JsonObject? Changes)
{
    /// <summary>Assigned by the store; ascending in insertion order within a tenant.</summary>
    public long Sequence { get; init; }

    public bool Succeeded => Status is >= 200 and < 300;
}
