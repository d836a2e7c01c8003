using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Hosting;

/// <summary><c>Orleans__*</c>: silo identity, ports and shutdown, so several instances can run side by side.</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "Orleans";

    /// <summary>The sub-section bound to Orleans' <c>ClusterMembershipOptions</c> (<c>Orleans__Membership__ProbeTimeout</c>, ...).</summary>
    public const string MembershipSection = Section + ":Membership";

    // Below 32768: this machine's ephemeral port range starts there (PLATFORM-NOTES).
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one on (cluster mode): an IP or a host name resolved at
    /// start (a compose service name). Unset: this host's first non-loopback IPv4 address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Silos with the same ClusterId on one database form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "scim";

    /// <summary>Keys grain state and reminders; keep it stable across deployments.</summary>
    [Required]
    public string ServiceId { get; set; } = "scim-orleans";

    /// <summary>How long an idle grain stays in memory.</summary>
    // Short: a resource grain only earns its memory while a burst of writes for it is serialised,
    // and an initial IdP cycle touches every user once; reads never activate grains.
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often Orleans looks for activations older than <see cref="CollectionAge"/>, so an idle
    /// grain goes between CollectionAge and CollectionAge + CollectionQuantum after its last call.
    /// Unset: Orleans' default of one minute, or half of CollectionAge when that is shorter
    /// (Orleans refuses to start unless the age exceeds the quantum).
    /// </summary>
    public TimeSpan? CollectionQuantum { get; set; }

    /// <summary>
    /// How many grain locations each of Orleans' directory caches keeps (Orleans' default is
    /// 1,000,000); 0 turns the caches off. An entry outlives the activation it points to, so the
    /// cache holds some 220 bytes (and the grain key) for every grain touched until it is full: with Orleans' default
    /// a million-user import would keep over 220 MB after every grain is collected, and each cache is
    /// presized to its capacity (9 MB each at a million). The embedded store's single silo finds
    /// every grain locally; a cluster only needs the locations of the grains in current use.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>The quantum the silo runs with.</summary>
    public TimeSpan EffectiveCollectionQuantum =>
        CollectionQuantum ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, CollectionAge.Ticks / 2));

    /// <summary>
    /// How long a graceful stop (SIGTERM) may take: in-flight HTTP requests finish, grains
    /// deactivate and the silo leaves the cluster within it.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
