using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScimOrleans.Silo.Hosting;

namespace ScimOrleans.Silo.Tests.Memory;

/// <summary>
/// The idle compaction on a fake clock: requests pass through the real request-tracking
/// middleware, and the compaction itself is the real (aggressive) collection of this process.
/// </summary>
public sealed class IdleMemoryTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(3);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    private readonly RequestActivity _activity;
    private readonly RequestDelegate _pipeline;
    private TaskCompletionSource? _holdRequest;

    public IdleMemoryTests()
    {
        _activity = new RequestActivity(_time);
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        new RequestActivityStartupFilter(_activity).Configure(inner => inner.Run(_ => _holdRequest?.Task ?? Task.CompletedTask))(app);
        _pipeline = app.Build();
    }

    [Fact]
    public void Compacts_once_after_the_quiet_period_with_no_request()
    {
        var service = Service();
        _time.Advance(Quiet - TimeSpan.FromSeconds(1));
        Assert.False(service.CompactIfIdle());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(service.CompactIfIdle());

        _time.Advance(Quiet * 4);
        Assert.False(service.CompactIfIdle());
        Assert.Equal(1, service.Compactions);
    }

    [Fact]
    public async Task Does_not_compact_while_requests_keep_coming()
    {
        var service = Service();
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(Quiet / 2);
            await RequestAsync("/scim/acme/v2/Users");
            Assert.False(service.CompactIfIdle());
        }

        _time.Advance(Quiet);
        Assert.True(service.CompactIfIdle());
    }

    [Fact]
    public async Task A_request_after_a_compaction_starts_a_new_quiet_spell()
    {
        var service = Service();
        _time.Advance(Quiet);
        Assert.True(service.CompactIfIdle());

        await RequestAsync("/admin/v1/tenants");
        _time.Advance(Quiet - TimeSpan.FromSeconds(1));
        Assert.False(service.CompactIfIdle());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(service.CompactIfIdle());
        Assert.Equal(2, service.Compactions);
    }

    [Fact]
    public async Task Does_not_compact_during_a_long_request()
    {
        var service = Service();
        _holdRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = RequestAsync("/scim/acme/v2/Users");

        _time.Advance(Quiet * 2);
        Assert.Equal(1, _activity.InFlight);
        Assert.False(service.CompactIfIdle());

        _holdRequest.SetResult();
        await running;
        Assert.False(service.CompactIfIdle());
        _time.Advance(Quiet);
        Assert.True(service.CompactIfIdle());
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/ready")]
    [InlineData("/dashboard/data")]
    public async Task Monitoring_requests_do_not_keep_the_service_busy(string path)
    {
        var service = Service();
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(Quiet / 4);
            await RequestAsync(path);
        }

        Assert.True(service.CompactIfIdle());
    }

    [Fact]
    public void Switched_off_never_compacts()
    {
        var service = Service(new IdleMemoryOptions { Enabled = false, QuietPeriod = Quiet });
        _time.Advance(Quiet * 10);
        Assert.False(service.CompactIfIdle());
        Assert.Equal(0, service.Compactions);
    }

    [Theory]
    [InlineData("00:03:00", null, "00:04:20")] // Orleans' one-minute quantum
    [InlineData("00:01:30", null, "00:02:35")] // half the age when that is shorter than a minute
    [InlineData("00:02:00", "00:00:15", "00:02:35")]
    public void Default_quiet_period_waits_for_Orleans_to_collect_the_last_grains(string age, string? quantum, string expected)
    {
        var orleans = new OrleansHostOptions
        {
            CollectionAge = TimeSpan.Parse(age, System.Globalization.CultureInfo.InvariantCulture),
            CollectionQuantum = quantum is null ? null : TimeSpan.Parse(quantum, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), new IdleMemoryOptions().EffectiveQuietPeriod(orleans));
    }

    private IdleMemoryService Service(IdleMemoryOptions? options = null) => new(
        _activity,
        _time,
        Options.Create(options ?? new IdleMemoryOptions { QuietPeriod = Quiet }),
        Options.Create(new OrleansHostOptions()),
        NullLogger<IdleMemoryService>.Instance);

    private Task RequestAsync(string path) => _pipeline(new DefaultHttpContext { Request = { Path = path } });
}
