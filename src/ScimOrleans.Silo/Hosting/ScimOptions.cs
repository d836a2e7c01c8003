using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Hosting;

/// <summary><c>Scim__*</c>: protocol limits, all advertised in /ServiceProviderConfig.</summary>
public sealed class ScimOptions
{
    public const string Section = "Scim";

    /// <summary>Largest accepted request body in bytes; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxPayloadSize { get; set; } = 1024 * 1024;

    [Range(1, 100_000)]
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The most resources one list response holds (<c>filter.maxResults</c>).</summary>
    [Range(1, 100_000)]
    public int MaxPageSize { get; set; } = 1000;
}
