using System.Runtime;
using Microsoft.Extensions.Options;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// Hands memory back once the service is idle. The GC only collects when something allocates,
/// so after a burst (an import activating hundreds of thousands of user grains) the collected
/// grains stay in gen2 and the heap stays committed for as long as no new load comes: the
/// working set never falls. Once no request has run for the quiet period (long enough for Orleans
/// to have deactivated the burst's grains), one aggressive collection compacts the heap and
/// decommits its free space. It runs once per quiet spell: the next one needs a request first.
/// </summary>
public sealed partial class IdleMemoryService(
    RequestActivity activity,
    TimeProvider time,
    IOptions<IdleMemoryOptions> options,
    IOptions<OrleansHostOptions> orleans,
    ILogger<IdleMemoryService> logger) : BackgroundService
{
    private DateTimeOffset? _compactedAfter;
    private PeriodicTimer? _timer;

    /// <summary>How many times the heap was compacted for idleness.</summary>
    public int Compactions { get; private set; }

    public TimeSpan QuietPeriod => options.Value.EffectiveQuietPeriod(orleans.Value);

    /// <summary>
    /// Compacts the heap when the service has been quiet for <see cref="QuietPeriod"/> and has
    /// not been compacted since its last request; true when it did.
    /// </summary>
    public bool CompactIfIdle()
    {
        if (!options.Value.Enabled || activity.InFlight > 0)
        {
            return false;
        }

        var last = activity.LastActivity;
        var quiet = time.GetUtcNow() - last;
        if (quiet < QuietPeriod || _compactedAfter == last)
        {
            return false;
        }

        var before = MemoryFigures.Read();
        var started = time.GetTimestamp();
        // Aggressive also decommits the freed segments and regions (an ordinary full collection
        // keeps them committed for the next burst); LOH compaction is asked for explicitly so the
        // large arrays of grown collections move together too.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var elapsed = time.GetElapsedTime(started);
        _compactedAfter = last;
        Compactions++;
        LogCompacted(logger, quiet, elapsed.TotalMilliseconds, before, MemoryFigures.Read());
        return true;
    }

    /// <summary>The timer exists before the loop runs in the background, so time advanced right after start is seen.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            _timer = new PeriodicTimer(options.Value.CheckInterval, time);
            LogEnabled(logger, QuietPeriod);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer)
        {
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                CompactIfIdle();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle memory: the heap is compacted once no request has run for {QuietPeriod}")]
    private static partial void LogEnabled(ILogger logger, TimeSpan quietPeriod);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle memory: no request for {Quiet}; compacted the heap in {ElapsedMs:F0} ms. Before: {Before}. After: {After}")]
    private static partial void LogCompacted(ILogger logger, TimeSpan quiet, double elapsedMs, MemoryFigures before, MemoryFigures after);
}
