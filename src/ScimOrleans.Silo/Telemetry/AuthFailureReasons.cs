namespace ScimOrleans.Silo.Telemetry;

/// <summary>
/// Why the SCIM bearer handler refused a request, as a small fixed set of tag values, read from
/// the failure it reported (its messages are pinned by the observability tests).
/// </summary>
public static class AuthFailureReasons
{
    public const string Missing = "missing";
    public const string Malformed = "malformed";
    public const string Unknown = "unknown";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
    public const string WrongTenant = "wrong_tenant";
    public const string UnknownTenant = "unknown_tenant";
    public const string Error = "error";

    public static string Of(Exception? failure) => failure?.Message switch
    {
        null => Missing,
        var m when m.Contains("not a bearer token", StringComparison.Ordinal) => Malformed,
        var m when m.Contains("(token revoked)", StringComparison.Ordinal) => Revoked,
        var m when m.Contains("(token expired)", StringComparison.Ordinal) => Expired,
        var m when m.Contains("(unknown token)", StringComparison.Ordinal) => Unknown,
        var m when m.Contains("not valid for this tenant", StringComparison.Ordinal) => WrongTenant,
        _ => Error,
    };
}
