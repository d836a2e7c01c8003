namespace ScimOrleans.Silo.Admin;

/// <summary>
/// Tells the operator at start how the admin API is reachable: a generated Development key goes to
/// the console once (never a logger, so it stays out of log sinks); a missing key in any other
/// environment is a warning.
/// </summary>
public sealed partial class AdminCredentialAnnouncer(
    AdminCredential credential,
    IHostApplicationLifetime lifetime,
    ILogger<AdminCredentialAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (credential.GeneratedKey is { } key)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                Console.WriteLine("Admin API key for this Development run (set Admin__ApiKey to choose your own):");
                Console.WriteLine($"  {key}");
            });
        }
        else if (!credential.IsEnabled)
        {
            LogDisabled(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin API is disabled: set Admin__ApiKey to enable /admin/v1")]
    private static partial void LogDisabled(ILogger logger);
}
