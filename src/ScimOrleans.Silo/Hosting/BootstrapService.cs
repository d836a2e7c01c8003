using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// Makes a fresh install usable: ensures the configured tenant and token, or, on a first start
/// with an empty store and nothing configured, creates tenant <c>default</c> and prints a one-time
/// token. The token goes to the console only, never to a logger, so it stays out of log sinks.
/// </summary>
public sealed partial class BootstrapService(
    IGrainFactory grains,
    IOptions<BootstrapOptions> options,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<BootstrapService> logger) : IHostedService
{
    public const string DefaultTenant = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = options.Value;
        string? printedToken = null;
        string tenant;
        if (!string.IsNullOrWhiteSpace(bootstrap.Tenant) || !string.IsNullOrWhiteSpace(bootstrap.Token))
        {
            tenant = string.IsNullOrWhiteSpace(bootstrap.Tenant) ? DefaultTenant : bootstrap.Tenant.Trim();
            if (!TenantId.IsValid(tenant))
            {
                throw new InvalidOperationException($"Bootstrap__Tenant '{tenant}' is not a valid tenant id (lower-case letters, digits, hyphens).");
            }

            await grains.GetGrain<ITenantGrain>(tenant).Create();
            if (!string.IsNullOrWhiteSpace(bootstrap.Token))
            {
                await grains.GetGrain<ITenantGrain>(tenant).RegisterStaticToken(bootstrap.Token.Trim(), "Bootstrap token");
            }

            LogTenantReady(logger, tenant);
        }
        else
        {
            tenant = DefaultTenant;
            var existing = await grains.GetGrain<ITenantDirectoryGrain>(0).List();
            if (existing.Count == 0 && await grains.GetGrain<ITenantGrain>(tenant).Create())
            {
                var issued = await grains.GetGrain<ITenantGrain>(tenant)
                    .IssueToken("Initial token", time.GetUtcNow().AddDays(90), null);
                printedToken = issued.Value;
            }
        }

        lifetime.ApplicationStarted.Register(() => Announce(tenant, printedToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce(string tenant, string? token)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault()?.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost")
            ?? "http://localhost:5000";
        var baseUrl = $"{address.TrimEnd('/')}/scim/{tenant}/v2";
        Console.WriteLine($"ScimOrleans is serving SCIM for tenant '{tenant}' at {baseUrl}");
        if (token is not null)
        {
            Console.WriteLine("First start: created tenant 'default' with a token shown this once (it expires in 90 days):");
            Console.WriteLine($"  {token}");
            Console.WriteLine("Try it:");
            Console.WriteLine($"  curl -H 'Authorization: Bearer {token}' '{baseUrl}/Users?count=5'");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap tenant {Tenant} is ready")]
    private static partial void LogTenantReady(ILogger logger, string tenant);
}
