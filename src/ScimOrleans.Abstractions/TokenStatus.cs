namespace ScimOrleans.Abstractions;

public enum TokenStatus
{
    Active,
    Expired,
    Revoked,
}
