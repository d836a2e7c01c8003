using System.Net;
using ScimOrleans.Silo.Hosting;

namespace ScimOrleans.Silo.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class DashboardTests(ObservabilityHost host)
{
    [Fact]
    public async Task Without_the_operator_key_a_browser_is_sent_to_the_sign_in_form()
    {
        var response = await host.CreateRawClient().GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(DashboardHosting.LoginPath, response.Headers.Location?.PathAndQuery);
        var form = await host.CreateRawClient().GetAsync(DashboardHosting.LoginPath);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("<form method=\"post\"", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_key_or_a_scim_token_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateRawClient("not-the-operator-key").GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateRawClient(ObservabilityHost.Token).GetAsync("/dashboard/")).StatusCode);
        var signIn = await host.CreateRawClient().PostAsync(DashboardHosting.LoginPath,
            new FormUrlEncodedContent([new("key", "not-the-operator-key")]));
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_operator_key_as_bearer_opens_the_dashboard()
    {
        var response = await host.CreateRawClient(ObservabilityHost.ApiKey).GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_in_with_the_key_sets_a_strict_http_only_cookie_that_opens_the_dashboard()
    {
        var signIn = await host.CreateRawClient().PostAsync(DashboardHosting.LoginPath,
            new FormUrlEncodedContent([new("key", ObservabilityHost.ApiKey)]));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard/", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ObservabilityHost.ApiKey, cookie);

        var browser = host.CreateRawClient();
        browser.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/")).StatusCode);
    }
}
