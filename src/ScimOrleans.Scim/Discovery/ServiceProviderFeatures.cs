namespace ScimOrleans.Scim.Discovery;

/// <summary>What this deployment implements and its limits, as advertised in /ServiceProviderConfig.</summary>
public sealed record ServiceProviderFeatures(
    int MaxFilterResults,
    long MaxPayloadSize,
    bool BulkSupported = false,
    int BulkMaxOperations = 0,
    string? DocumentationUri = null);
