namespace ScimOrleans.Scim.Schema;

public static class SchemaUrns
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string SearchRequest = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string BulkRequest = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public const string BulkResponse = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    /// <summary>
    /// The Microsoft Entra provisioning service lists this in <c>schemas</c> of every group it
    /// creates (its SCIM tutorial's "Create Group" request), with no attribute under it.
    /// </summary>
    public const string EntraAdGroup = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group";

    /// <summary>
    /// Schema URIs identity providers add to <c>schemas</c> without sending attributes of them:
    /// tolerated in requests and left out of the stored resource. Any other unknown URN stays a
    /// 400, so a mistyped custom-attribute URN is caught rather than silently dropped.
    /// </summary>
    public static readonly IReadOnlySet<string> IgnoredInRequests = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { EntraAdGroup };
}
