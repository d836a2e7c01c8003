namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// When the last request began or ended and how many are running, so background work that must
/// not disturb traffic (see <see cref="IdleMemoryService"/>) can tell that the service is quiet.
/// </summary>
public sealed class RequestActivity(TimeProvider time)
{
    private int _inFlight;

    // Ticks of a UTC time, so readers on other threads see it whole (a DateTimeOffset can tear).
    private long _lastUtcTicks = time.GetUtcNow().UtcTicks;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When a request last began or ended; the host's start until the first request.</summary>
    public DateTimeOffset LastActivity => new(Volatile.Read(ref _lastUtcTicks), TimeSpan.Zero);

    public void Begin()
    {
        Interlocked.Increment(ref _inFlight);
        Volatile.Write(ref _lastUtcTicks, time.GetUtcNow().UtcTicks);
    }

    public void End()
    {
        Volatile.Write(ref _lastUtcTicks, time.GetUtcNow().UtcTicks);
        Interlocked.Decrement(ref _inFlight);
    }
}
