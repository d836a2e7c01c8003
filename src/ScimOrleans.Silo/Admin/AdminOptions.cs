using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// <c>Admin__*</c>: the operator credential of <c>/admin/v1</c> and the activity retention sweep.
/// There is no built-in key: unset in Production the admin API is off; Development generates one.
/// </summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    public const int MinimumKeyLength = 16;

    /// <summary>The operator's bearer credential for <c>/admin/v1</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How often activity older than each tenant's retention is purged.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKey is { } key && key.Length > 0 && (key.Length < MinimumKeyLength || key.Any(char.IsWhiteSpace)))
        {
            // The message names the rule, never the key.
            yield return new ValidationResult(
                $"Admin:ApiKey must be at least {MinimumKeyLength} characters without white space.", [nameof(ApiKey)]);
        }

        if (RetentionSweepInterval < TimeSpan.FromSeconds(1) || RetentionSweepInterval > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult(
                "Admin:RetentionSweepInterval must be between 00:00:01 and 7.00:00:00.", [nameof(RetentionSweepInterval)]);
        }
    }
}
