namespace ScimOrleans.Scim.Discovery;

/// <summary>
/// What this deployment implements and its limits, as advertised in /ServiceProviderConfig.
/// <see cref="MaxPayloadSize"/> bounds every single-resource request body;
/// <see cref="BulkMaxPayloadSize"/> bounds a /Bulk request body and is the one advertised while
/// bulk is supported. <see cref="Pagination"/>, when set, is advertised as RFC 9865's
/// <c>pagination</c> object.
/// </summary>
public sealed record ServiceProviderFeatures(
    int MaxFilterResults,
    long MaxPayloadSize,
    bool BulkSupported = false,
    int BulkMaxOperations = 0,
    string? DocumentationUri = null,
    long BulkMaxPayloadSize = 0,
    PaginationFeatures? Pagination = null);
