namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// <c>IdleMemory__*</c>: handing memory back to the operating system once the service has been
/// quiet long enough for Orleans to collect the grains the last requests activated.
/// </summary>
public sealed class IdleMemoryOptions
{
    public const string Section = "IdleMemory";

    /// <summary>Off: the process keeps whatever memory the GC committed during the last burst.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long no SCIM or admin request may run before the heap is compacted. Unset:
    /// <c>Orleans__CollectionAge</c> + the collection quantum + <see cref="CollectionMargin"/>,
    /// by which time every grain the last request touched has been deactivated and is garbage.
    /// </summary>
    public TimeSpan? QuietPeriod { get; set; }

    /// <summary>Time Orleans is given to deactivate a large batch of grains after they became due.</summary>
    public TimeSpan CollectionMargin { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the quiet time is looked at; the compaction runs at most this late.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The quiet period in force for <paramref name="orleans"/>'s collection settings.</summary>
    public TimeSpan EffectiveQuietPeriod(OrleansHostOptions orleans) =>
        QuietPeriod ?? orleans.CollectionAge + orleans.EffectiveCollectionQuantum + CollectionMargin;
}
