namespace ScimOrleans.Scim.Patch;

/// <summary>The <c>op</c> of a PATCH operation (RFC 7644 §3.5.2).</summary>
public enum PatchOperationKind
{
    Add,
    Replace,
    Remove,
}
