using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using ScimOrleans.Silo.Admin;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>
/// Where the operator key comes from, without a silo: no built-in default in Production (the
/// admin API answers 503), a generated key in Development, the configured one otherwise.
/// </summary>
public sealed class AdminCredentialTests
{
    [Fact]
    public async Task Production_without_a_key_answers_503_admin_api_disabled()
    {
        var credential = Credential(null, Environments.Production);
        Assert.False(credential.IsEnabled);
        Assert.Null(credential.GeneratedKey);

        var (status, body) = await ChallengeAsync(credential, "Bearer anything-at-all-really");

        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("admin API disabled: set Admin__ApiKey", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public void Development_without_a_key_generates_one_that_is_accepted()
    {
        var credential = Credential(null, Environments.Development);

        Assert.True(credential.IsEnabled);
        Assert.NotNull(credential.GeneratedKey);
        Assert.True(credential.GeneratedKey!.Length >= AdminOptions.MinimumKeyLength);
        Assert.True(credential.Matches(credential.GeneratedKey));
        Assert.NotEqual(credential.GeneratedKey, Credential(null, Environments.Development).GeneratedKey);
    }

    [Fact]
    public void Configured_key_is_the_only_one_accepted()
    {
        const string Key = "a-configured-operator-key";
        var credential = Credential(Key, Environments.Development);

        Assert.Null(credential.GeneratedKey);
        Assert.True(credential.Matches(Key));
        Assert.False(credential.Matches(Key + "x"));
        Assert.False(credential.Matches(Key[..^1]));
        Assert.False(credential.Matches(""));
    }

    [Fact]
    public async Task Wrong_key_is_401_with_bearer_challenge()
    {
        var (status, body) = await ChallengeAsync(Credential("a-configured-operator-key", Environments.Production), "Bearer not-the-key");

        Assert.Equal(401, status);
        Assert.Contains("not accepted", body["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("has white space in it", false)]
    [InlineData("long-enough-operator-key", true)]
    [InlineData(null, true)]
    public void Options_validate_the_key_shape(string? key, bool valid)
    {
        var options = new AdminOptions { ApiKey = key };
        var results = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.DoesNotContain(results, r => key is not null && r.ErrorMessage!.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_reject_a_sweep_interval_of_zero()
    {
        var options = new AdminOptions { RetentionSweepInterval = TimeSpan.Zero };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    private static AdminCredential Credential(string? key, string environment) =>
        new(Options.Create(new AdminOptions { ApiKey = key }), new HostingEnvironment { EnvironmentName = environment });

    /// <summary>Runs the admin scheme's challenge for a request carrying <paramref name="authorization"/>.</summary>
    private static async Task<(int Status, JsonObject Body)> ChallengeAsync(AdminCredential credential, string authorization)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddProblemDetails()
            .AddSingleton(credential);
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(AdminKeyHandler.SchemeName, null);
        await using var provider = services.BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Request.Headers.Authorization = authorization;
        context.Request.Path = "/admin/v1/tenants";
        using var body = new MemoryStream();
        context.Response.Body = body;

        await context.ChallengeAsync(AdminKeyHandler.SchemeName);

        return (context.Response.StatusCode, JsonNode.Parse(body.ToArray())!.AsObject());
    }
}
