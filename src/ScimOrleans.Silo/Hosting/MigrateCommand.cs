namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// <c>dotnet ScimOrleans.Silo.dll migrate</c> (or <c>--migrate-only</c>): apply the schemas of the
/// configured store (same configuration as a silo: <c>Storage__Provider</c>,
/// <c>ConnectionStrings__Postgres</c>, <c>Storage__DataDirectory</c>) and exit, without starting a
/// silo. Idempotent; exit code 0 on success, 1 on failure.
/// </summary>
public static partial class MigrateCommand
{
    public static bool IsRequested(string[] args) =>
        args.Any(a => a is "migrate" or "--migrate-only");

    /// <summary>Runs the migration when the arguments ask for it; false when they do not (start the silo).</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (!IsRequested(args))
        {
            return false;
        }

        var builder = WebApplication.CreateSlimBuilder([.. args.Where(a => a is not ("migrate" or "--migrate-only"))]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddScimStorage();
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ScimOrleans.Migrate");
        var options = StorageOptions.From(app.Configuration);
        try
        {
            await StorageInitializer.ApplyAsync(app.Services, options, logger, CancellationToken.None);
            Console.WriteLine($"Schemas applied ({options.Provider}).");
            Environment.ExitCode = 0;
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
            Console.Error.WriteLine($"Migration failed: {e.Message}");
            Environment.ExitCode = 1;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
