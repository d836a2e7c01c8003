namespace ScimOrleans.Scim.Listing;

/// <summary>The page size given when a client names none, and the most one page may hold.</summary>
public sealed record ListLimits(int DefaultCount = 100, int MaxCount = 1000);
