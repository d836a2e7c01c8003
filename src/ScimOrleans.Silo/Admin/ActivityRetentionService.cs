using Microsoft.Extensions.Options;
using ScimOrleans.Abstractions;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// Every <c>Admin:RetentionSweepInterval</c> (time from <see cref="TimeProvider"/>), purges each
/// tenant's activity older than its <c>ActivityRetentionDays</c>. <see cref="SweepAsync"/> is one
/// sweep, public so it can be run on demand.
/// </summary>
public sealed partial class ActivityRetentionService(
    IGrainFactory grains,
    IResourceStore store,
    TimeProvider time,
    IOptions<AdminOptions> options,
    ILogger<ActivityRetentionService> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>Purges every tenant's expired activity now; returns how many entries went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var purged = 0;
        foreach (var tenant in await grains.GetGrain<ITenantDirectoryGrain>(0).List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var settings = await grains.GetGrain<ITenantGrain>(tenant).GetSettings();
            var cutoff = time.GetUtcNow().AddDays(-settings.ActivityRetentionDays);
            var count = await store.PurgeActivityAsync(tenant, cutoff, cancellationToken);
            if (count > 0)
            {
                LogPurged(logger, count, tenant, settings.ActivityRetentionDays);
            }

            purged += count;
        }

        return purged;
    }

    /// <summary>The interval counts from start; the timer exists before the sweep loop runs in the background.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(options.Value.RetentionSweepInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The retention service was not started.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; a failed sweep only delays the purge.
                    LogSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} activity entries of tenant {Tenant} older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int count, string tenant, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity retention sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
