using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Storage;
using ScimOrleans.Storage.Postgres;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// The key that signs list cursors (RFC 9865), the same on every silo of a deployment:
/// <list type="bullet">
/// <item><c>Scim:CursorKey</c> when configured (any text; its SHA-256 is the HMAC key), so an
/// operator can rotate it (rotation invalidates outstanding cursors: clients get
/// <c>invalidCursor</c> and start again);</item>
/// <item>otherwise 32 random bytes generated once into the resource store's database
/// (<c>scim_secrets</c>), which every silo sharing the store reads, so cursors issued by one
/// silo are accepted by all and survive restarts;</item>
/// <item>a store without secrets (none ships) gets a per-process random key, with a warning.</item>
/// </list>
/// </summary>
public sealed partial class ScimCursors(IOptions<ScimOptions> options, IServiceProvider services, TimeProvider time, ILogger<ScimCursors> logger)
{
    /// <summary>The name of the cursor key in <c>scim_secrets</c>.</summary>
    public const string SecretName = "list-cursor-hmac";

    private readonly SemaphoreSlim _creating = new(1, 1);
    private ListCursorProtector? _protector;

    /// <summary>The protector, created on first use (a failure, e.g. the store down, is retried next time).</summary>
    public async ValueTask<ListCursorProtector> ProtectorAsync(CancellationToken cancellationToken)
    {
        if (_protector is { } ready)
        {
            return ready;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            return _protector ??= new ListCursorProtector(await KeyAsync(cancellationToken),
                TimeSpan.FromSeconds(options.Value.CursorTimeoutSeconds), time);
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CursorKey is { Length: > 0 } configured)
        {
            return SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        }

        // The concrete stores too, in case IResourceStore is wrapped (instrumentation).
        var secrets = services.GetRequiredService<IResourceStore>() as IStoreSecrets
            ?? (IStoreSecrets?)services.GetService<PostgresResourceStore>()
            ?? services.GetService<SqliteResourceStore>();
        if (secrets is not null)
        {
            return await secrets.GetOrCreateSecretAsync(SecretName, 32, cancellationToken);
        }

        LogRandomKey(logger);
        return RandomNumberGenerator.GetBytes(32);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No Scim:CursorKey configured and the resource store keeps no secrets: list cursors are signed with a per-process key and only this process accepts them.")]
    private static partial void LogRandomKey(ILogger logger);
}
