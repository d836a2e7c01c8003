namespace ScimOrleans.Abstractions;

/// <summary>A SCIM Group of one tenant.</summary>
public interface IGroupGrain : IScimResourceGrain;
