namespace ScimOrleans.Scim.Listing;

/// <summary>The comma-separated <c>attributes</c> / <c>excludedAttributes</c> parameter.</summary>
public static class AttributeList
{
    public static IReadOnlyCollection<string>? Parse(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
