using System.ComponentModel.DataAnnotations;
using ScimOrleans.Silo.Apis;

namespace ScimOrleans.Silo.Hosting;

/// <summary><c>Scim__*</c>: protocol limits, all advertised in /ServiceProviderConfig but <see cref="BulkConcurrency"/> and <see cref="CursorKey"/>.</summary>
public sealed class ScimOptions : IValidatableObject
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

    /// <summary>The most operations one /Bulk request holds (<c>bulk.maxOperations</c>); more get 413.</summary>
    [Range(1, 100_000)]
    public int BulkMaxOperations { get; set; } = 1000;

    /// <summary>Largest accepted /Bulk request body in bytes (<c>bulk.maxPayloadSize</c>); larger ones get 413.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int BulkMaxPayloadSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many operations of one /Bulk request are applied at once, each on its own grain.</summary>
    [Range(1, 1024)]
    public int BulkConcurrency { get; set; } = 32;

    /// <summary>
    /// The secret list cursors (RFC 9865) are signed with, the same on every silo. When empty, a
    /// random key is generated once into the resource store's database and shared through it.
    /// Changing it invalidates outstanding cursors (clients get 400 invalidCursor and start again).
    /// </summary>
    public string? CursorKey { get; set; }

    /// <summary>How long a cursor stays valid after its page was served (<c>pagination.cursorTimeout</c>); older ones get 400 expiredCursor.</summary>
    [Range(10, 7 * 24 * 3600)]
    public int CursorTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// A host name pattern such as <c>{tenant}.scim.example.com</c>: requests to <c>/scim/v2</c> on a
    /// matching host serve the tenant it names. Unset, <c>/scim/v2</c> serves the bearer token's tenant.
    /// </summary>
    public string? TenantHost { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(TenantHost) && !TenantHostPattern.IsValid(TenantHost))
        {
            yield return new ValidationResult(
                $"{nameof(TenantHost)} '{TenantHost}' needs exactly one '{TenantHostPattern.Placeholder}', as in '{TenantHostPattern.Placeholder}.scim.example.com'.",
                [nameof(TenantHost)]);
        }

        // A bulk of one operation must be able to carry any body a single request may.
        if (BulkMaxPayloadSize < MaxPayloadSize)
        {
            yield return new ValidationResult(
                $"{nameof(BulkMaxPayloadSize)} ({BulkMaxPayloadSize}) must be at least {nameof(MaxPayloadSize)} ({MaxPayloadSize}).",
                [nameof(BulkMaxPayloadSize)]);
        }
    }
}
