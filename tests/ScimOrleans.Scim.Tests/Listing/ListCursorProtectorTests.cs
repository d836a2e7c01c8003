using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Listing;

namespace ScimOrleans.Scim.Tests.Listing;

/// <summary>Cursors are opaque, signed, bound to their query and expire (RFC 9865 §2, §2.1).</summary>
public sealed class ListCursorProtectorTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly Clock _clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private ListCursorProtector Protector(byte[]? key = null) => new(key ?? Key, TimeSpan.FromHours(1), _clock);

    private static ListRequest Request(string? filter = null, string? sortBy = null, bool descending = false) =>
        new(filter is null ? null : FilterParser.Parse(filter), sortBy is null ? null : new AttributePath(null, sortBy, null), descending, 1, 10, null, null, "");

    private static JsonObject Position() => new() { ["i"] = "id-42", ["s"] = "smith", ["r"] = "User" };

    [Fact]
    public void A_cursor_round_trips_and_uses_only_unreserved_characters()
    {
        var fingerprint = ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"a\"", "userName"));
        var text = Protector().Protect(fingerprint, Position(), 250);

        Assert.Matches("^[A-Za-z0-9._~-]+$", text);
        var cursor = Protector().Unprotect(text, fingerprint);
        Assert.Equal("id-42", cursor.Position["i"]!.GetValue<string>());
        Assert.Equal("smith", cursor.Position["s"]!.GetValue<string>());
        Assert.Equal(250, cursor.TotalResults);
        Assert.Equal(_clock.Now, cursor.IssuedAt);
    }

    [Fact]
    public void A_cursor_without_a_total_has_none()
    {
        var text = Protector().Protect("f", Position(), null);
        Assert.Null(Protector().Unprotect(text, "f").TotalResults);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData(".abc")]
    public void Malformed_cursors_are_invalidCursor(string text)
    {
        AssertError(ScimErrorTypes.InvalidCursor, () => Protector().Unprotect(text, "f"));
    }

    [Fact]
    public void A_changed_payload_fails_the_signature()
    {
        var text = Protector().Protect("f", Position(), 10);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(text.AsSpan(0, dot));
        var forged = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(payload).Replace("id-42", "id-99", StringComparison.Ordinal));
        var tampered = System.Buffers.Text.Base64Url.EncodeToString(forged) + text[dot..];

        AssertError(ScimErrorTypes.InvalidCursor, () => Protector().Unprotect(tampered, "f"));
    }

    [Fact]
    public void A_flipped_character_is_invalidCursor()
    {
        var text = Protector().Protect("f", Position(), 10);
        var flipped = text[..5] + (text[5] == 'A' ? 'B' : 'A') + text[6..];
        AssertError(ScimErrorTypes.InvalidCursor, () => Protector().Unprotect(flipped, "f"));
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_invalidCursor()
    {
        var other = Protector([.. Enumerable.Range(100, 32).Select(i => (byte)i)]).Protect("f", Position(), 10);
        AssertError(ScimErrorTypes.InvalidCursor, () => Protector().Unprotect(other, "f"));
    }

    [Fact]
    public void A_cursor_of_another_query_is_invalidCursor()
    {
        var text = Protector().Protect(ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"a\"")), Position(), 10);
        AssertError(ScimErrorTypes.InvalidCursor,
            () => Protector().Unprotect(text, ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"b\""))));
    }

    [Fact]
    public void Fingerprints_tell_apart_filter_sort_order_scope_but_not_count_or_attributes()
    {
        var basis = ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"a\"", "userName"));
        Assert.NotEqual(basis, ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"b\"", "userName")));
        Assert.NotEqual(basis, ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"a\"", "title")));
        Assert.NotEqual(basis, ListCursorProtector.Fingerprint("t\n/Users", Request("userName sw \"a\"", "userName", descending: true)));
        Assert.NotEqual(basis, ListCursorProtector.Fingerprint("t\n/Groups", Request("userName sw \"a\"", "userName")));
        Assert.NotEqual(basis, ListCursorProtector.Fingerprint("u\n/Users", Request("userName sw \"a\"", "userName")));
        Assert.Equal(basis, ListCursorProtector.Fingerprint("t\n/Users",
            Request("userName sw \"a\"", "userName") with { Count = 3, Attributes = ["userName"] }));
    }

    [Fact]
    public void A_cursor_older_than_the_timeout_is_expiredCursor()
    {
        var text = Protector().Protect("f", Position(), 10);
        _clock.Now += TimeSpan.FromMinutes(59);
        Assert.NotNull(Protector().Unprotect(text, "f"));

        _clock.Now += TimeSpan.FromMinutes(2);
        AssertError(ScimErrorTypes.ExpiredCursor, () => Protector().Unprotect(text, "f"));
    }

    [Fact]
    public void A_short_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ListCursorProtector(new byte[8], TimeSpan.FromHours(1)));
    }

    private static void AssertError(string scimType, Func<object> action)
    {
        var error = Assert.Throws<ScimException>(action);
        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
    }
}
