using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Hosting;

/// <summary><c>Orleans__*</c>: silo identity and ports, so two instances can run side by side.</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "Orleans";

    // Below 32768: this machine's ephemeral port range starts there (PLATFORM-NOTES).
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    [Required]
    public string ClusterId { get; set; } = "scim";

    [Required]
    public string ServiceId { get; set; } = "scim-orleans";

    /// <summary>How long an idle grain stays in memory.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);
}
