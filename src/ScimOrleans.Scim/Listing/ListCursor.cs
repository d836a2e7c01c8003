using System.Text.Json.Nodes;

namespace ScimOrleans.Scim.Listing;

/// <summary>
/// What a cursor (RFC 9865) carries between pages, once its signature has been checked: the
/// query it belongs to (<see cref="Fingerprint"/>, see <see cref="ListCursorProtector.Fingerprint"/>),
/// when it was issued, where the next page starts (<see cref="Position"/>, opaque to this library:
/// the store's keyset position) and the total counted on the first page, if any.
/// </summary>
public sealed record ListCursor(string Fingerprint, DateTimeOffset IssuedAt, JsonObject Position, int? TotalResults);
