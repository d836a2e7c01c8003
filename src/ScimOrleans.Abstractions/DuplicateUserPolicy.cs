namespace ScimOrleans.Abstractions;

/// <summary>What a POST of a userName or externalId that already exists does.</summary>
public enum DuplicateUserPolicy
{
    /// <summary>RFC 7644: 409 <c>uniqueness</c>.</summary>
    Reject,

    /// <summary>Skilljar: the existing account is updated with the posted body, reactivated and returned.</summary>
    Reactivate,
}
