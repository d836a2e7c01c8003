namespace ScimOrleans.Grains;

/// <summary>Names of the Orleans grain storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>Tenants and tokens: Orleans ADO.NET grain storage on the embedded engine or PostgreSQL.</summary>
    public const string Settings = "scim-settings";
}
