using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Listing;

/// <summary>
/// Issues and checks the cursors of RFC 9865. A cursor is
/// <c>base64url(payload) "." base64url(HMAC-SHA256(key, payload))</c>: only characters from the
/// unreserved set of RFC 3986 (RFC 9865 §2), opaque to clients, and tamper-evident. The payload
/// is a small JSON object: format version, the fingerprint of the query it belongs to, the issue
/// time (Unix seconds), the position the next page starts after, and the total counted on the
/// first page. A cursor that fails the signature, is malformed or was issued for another query
/// is 400 <c>invalidCursor</c>; one older than <see cref="Timeout"/> is 400 <c>expiredCursor</c>
/// (RFC 9865 §2.1). Every cursor is stateless: nothing is kept on the server per cursor
/// (RFC 9865 §5.4), and any silo holding the same key accepts any other silo's cursors.
/// </summary>
public sealed class ListCursorProtector
{
    private const int FormatVersion = 1;

    // A cursor issued a little "in the future" by a silo whose clock runs ahead is still accepted.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public ListCursorProtector(ReadOnlySpan<byte> key, TimeSpan timeout, TimeProvider? time = null)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("A cursor key needs at least 16 bytes.", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _key = key.ToArray();
        Timeout = timeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long a cursor stays valid after it was issued (<c>cursorTimeout</c>, RFC 9865 §4).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// The identity of a query across its pages: the <paramref name="scope"/> (tenant and
    /// endpoint), filter, sortBy and sortOrder. RFC 9865 §2 has clients repeat every parameter
    /// but the cursor; a cursor sent with another filter or sort would skip or repeat resources,
    /// so it is refused. count, attributes and excludedAttributes may change between pages.
    /// </summary>
    public static string Fingerprint(string scope, ListRequest request)
    {
        var text = string.Join('\n', scope, request.Filter?.ToString() ?? "", request.SortBy?.ToString() ?? "",
            request.SortBy is null ? "" : request.SortDescending ? "descending" : "ascending");
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    public string Protect(string fingerprint, JsonObject position, int? totalResults)
    {
        var payload = new JsonObject
        {
            ["v"] = FormatVersion,
            ["f"] = fingerprint,
            ["t"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["p"] = position.DeepClone(),
        };
        if (totalResults is { } total)
        {
            payload["n"] = total;
        }

        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return Base64Url.EncodeToString(bytes) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, bytes));
    }

    /// <summary>The cursor's content, or 400 <c>invalidCursor</c> / <c>expiredCursor</c>.</summary>
    public ListCursor Unprotect(string cursor, string expectedFingerprint)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != cursor.LastIndexOf('.') || cursor.Length > 4096)
        {
            throw Invalid();
        }

        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            throw Invalid();
        }

        // Signed by this deployment, so well formed unless the format changed since.
        JsonObject content;
        try
        {
            content = JsonNode.Parse(payload) as JsonObject ?? throw Invalid();
        }
        catch (JsonException)
        {
            throw Invalid();
        }

        if (content["v"] is not JsonValue version || !version.TryGetValue<int>(out var v) || v != FormatVersion
            || content["f"] is not JsonValue f || !f.TryGetValue<string>(out var fingerprint)
            || content["t"] is not JsonValue t || !t.TryGetValue<long>(out var issued)
            || content["p"] is not JsonObject position)
        {
            throw Invalid();
        }

        if (!string.Equals(fingerprint, expectedFingerprint, StringComparison.Ordinal))
        {
            throw ScimException.BadRequest(ScimErrorTypes.InvalidCursor,
                "The cursor belongs to another query: send the same filter and sort as on the first page, or an empty cursor to start again.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(issued);
        var age = _time.GetUtcNow() - issuedAt;
        if (age > Timeout)
        {
            throw ScimException.BadRequest(ScimErrorTypes.ExpiredCursor,
                $"The cursor has expired: request the next page within {(int)Timeout.TotalSeconds} seconds (cursorTimeout), or send an empty cursor to start again.");
        }

        if (age < -ClockSkew)
        {
            throw Invalid();
        }

        int? total = content["n"] is JsonValue n && n.TryGetValue<int>(out var count) ? count : null;
        content.Remove("p");
        return new ListCursor(fingerprint, issuedAt, position, total);
    }

    private static ScimException Invalid() => ScimException.BadRequest(ScimErrorTypes.InvalidCursor,
        "The cursor is not valid: send an empty cursor for the first page, then the nextCursor of the previous page.");
}
