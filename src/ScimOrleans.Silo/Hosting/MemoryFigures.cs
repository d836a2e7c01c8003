using System.Globalization;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// The process's memory as the GC saw it at its last collection, beside the working set the
/// operating system counts, in MiB: what a memory log line reports before and after compaction.
/// </summary>
public readonly record struct MemoryFigures(double HeapMiB, double FragmentedMiB, double CommittedMiB, double WorkingSetMiB)
{
    private const double MiB = 1024 * 1024;

    public static MemoryFigures Read()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return new(info.HeapSizeBytes / MiB, info.FragmentedBytes / MiB, info.TotalCommittedBytes / MiB, Environment.WorkingSet / MiB);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"GC heap {HeapMiB:F0} MiB (fragmented {FragmentedMiB:F0}), committed {CommittedMiB:F0} MiB, working set {WorkingSetMiB:F0} MiB");
}
