namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// <c>Bootstrap__Tenant</c> and <c>Bootstrap__Token</c>: a tenant and bearer token to ensure at
/// start, for compose files, CI and scripted set-ups.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? Tenant { get; set; }

    public string? Token { get; set; }
}
