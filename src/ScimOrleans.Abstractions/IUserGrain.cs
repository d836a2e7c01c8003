namespace ScimOrleans.Abstractions;

/// <summary>A SCIM User of one tenant.</summary>
public interface IUserGrain : IScimResourceGrain;
