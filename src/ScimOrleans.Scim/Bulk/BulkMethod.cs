namespace ScimOrleans.Scim.Bulk;

/// <summary>The HTTP methods a bulk operation may carry (RFC 7644 §3.7).</summary>
public enum BulkMethod
{
    Post,
    Put,
    Patch,
    Delete,
}
