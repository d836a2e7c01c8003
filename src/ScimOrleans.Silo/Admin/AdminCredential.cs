using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// The operator key the admin API accepts: the configured <c>Admin__ApiKey</c>, or in Development
/// a random one generated at start (printed once by <see cref="AdminCredentialAnnouncer"/>), or
/// none, which switches the admin API off. Only a hash is kept for comparison.
/// </summary>
public sealed class AdminCredential
{
    private readonly byte[]? _hash;

    public AdminCredential(IOptions<AdminOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.ApiKey;
        if (!string.IsNullOrEmpty(configured))
        {
            _hash = Hash(configured);
        }
        else if (environment.IsDevelopment())
        {
            GeneratedKey = "adm_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            _hash = Hash(GeneratedKey);
        }
    }

    public bool IsEnabled => _hash is not null;

    /// <summary>The key generated for this Development run, shown once on the console; null otherwise.</summary>
    public string? GeneratedKey { get; }

    /// <summary>Compares hashes in constant time, so neither content nor length leaks through timing.</summary>
    public bool Matches(string presented) =>
        _hash is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
