namespace ScimOrleans.Abstractions;

/// <summary>
/// Users of a tenant are of one kind; SCIM sees and manages only the tenant's SCIM kind
/// (Skilljar provisions dashboard users over SCIM, never learners).
/// </summary>
public static class UserKinds
{
    public const string Dashboard = "dashboard";
    public const string Learner = "learner";

    public static readonly IReadOnlyList<string> All = [Dashboard, Learner];

    public static bool IsValid(string? kind) => kind is Dashboard or Learner;
}
