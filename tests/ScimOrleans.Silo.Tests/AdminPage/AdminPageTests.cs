using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ScimOrleans.Silo.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ScimOrleans.Silo.Tests.AdminPage;

/// <summary>
/// The admin page in a real headless Chromium against the silo: the seeds' flows as an
/// administrator clicks them (sign in, tenant, Generate Token shown once, use, revoke, attributes).
/// </summary>
public sealed class AdminPageTests(AdminPageFixture fixture, ITestOutputHelper output) : IClassFixture<AdminPageFixture>, IAsyncLifetime
{
    private readonly List<string> _pageErrors = [];
    private IBrowserContext? _context;
    private IPage? _page;

    private IPage Page => _page ?? throw new InvalidOperationException("No page.");

    public async Task InitializeAsync()
    {
        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Silo.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        _context.SetDefaultTimeout(15_000);
        _page = await _context.NewPageAsync();
        _page.PageError += (_, error) => _pageErrors.Add(error);
        _page.Console += (_, message) =>
        {
            // A refused request (the wrong key tried on purpose) is logged by the browser; script errors are not that.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _pageErrors.Add("console: " + message.Text);
            }
        };
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    [Fact]
    public async Task Token_is_generated_shown_once_used_over_scim_and_revoked()
    {
        var tenant = "ui-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await SignInAndCreateTenantAsync(tenant);

            var baseUrl = await Page.GetByRole(AriaRole.Textbox, new() { Name = "SCIM base URL" }).InputValueAsync();
            Assert.EndsWith($"/scim/{tenant}/v2", baseUrl);
            await Expect(Page.GetByRole(AriaRole.Table, new() { Name = "SCIM tokens of this tenant" })).ToContainTextAsync("No tokens yet");
            await ScreenshotAsync("admin-page-provisioning-empty");

            // Generate Token (from the keyboard) -> dialog: name and expiry -> Generate -> the token, this once.
            await Page.GetByRole(AriaRole.Button, new() { Name = "Generate Token" }).FocusAsync();
            await Page.Keyboard.PressAsync("Enter");
            var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Generate SCIM Token" });
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog.GetByLabel("Token Name")).ToBeFocusedAsync();
            await ScreenshotAsync("admin-page-generate-dialog");
            await dialog.GetByLabel("Token Name").FillAsync("Okta Production");
            await dialog.GetByLabel("Expiration").SelectOptionAsync("30");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
            await Expect(dialog.GetByText("won't be shown again")).ToBeVisibleAsync();
            var tokenField = dialog.GetByLabel("Token", new() { Exact = true });
            var token = await tokenField.InputValueAsync();
            Assert.False(string.IsNullOrWhiteSpace(token));
            await ScreenshotAsync("admin-page-token-shown-once");

            await dialog.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
            Assert.Equal(token, await Page.EvaluateAsync<string>("navigator.clipboard.readText()"));

            // The token works over SCIM, at the base URL the page shows.
            using var scim = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var list = await scim.GetAsync($"{baseUrl}/Users");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var created = await scim.PostAsync($"{baseUrl}/Users", ScimHttp.Json(ScimHttp.NewUser("ada@example.com", """ "displayName":"Ada Lovelace" """)));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Closing the dialog returns to the list; the secret is nowhere on the page, also after a reload.
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            var tokens = Page.GetByRole(AriaRole.Table, new() { Name = "SCIM tokens of this tenant" });
            var row = tokens.GetByRole(AriaRole.Row).Filter(new() { HasText = "Okta Production" });
            await Expect(row).ToContainTextAsync("Active");
            await AssertNotOnPageAsync(token);
            await Page.ReloadAsync();
            await Expect(row).ToContainTextAsync("Active");
            await AssertNotOnPageAsync(token);
            await ScreenshotAsync("admin-page-token-list");

            // Revoke behind the confirmation dialog: Cancel keeps it, Confirm revokes it.
            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Okta Production" }).ClickAsync();
            var confirm = Page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke token?" });
            await Expect(confirm).ToBeVisibleAsync();
            await ScreenshotAsync("admin-page-revoke-confirm");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(confirm).ToBeHiddenAsync();
            await Expect(row).ToContainTextAsync("Active");
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"{baseUrl}/Users")).StatusCode);

            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Okta Production" }).ClickAsync();
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
            await Expect(row).ToContainTextAsync("Revoked");
            await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke Okta Production" })).ToHaveCountAsync(0);
            Assert.Equal(HttpStatusCode.Unauthorized, (await scim.GetAsync($"{baseUrl}/Users")).StatusCode);

            // The user it provisioned stays, with its status; the activity log names the token.
            await Page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            var users = Page.GetByRole(AriaRole.Table);
            await Expect(users.GetByRole(AriaRole.Row).Filter(new() { HasText = "ada@example.com" })).ToContainTextAsync("Active");
            await ScreenshotAsync("admin-page-users");
            await Page.GetByRole(AriaRole.Link, new() { Name = "Activity log" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("Okta Production");
            await ScreenshotAsync("admin-page-activity");

            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(Page.GetByLabel("Admin API key")).ToBeVisibleAsync();
            Assert.Empty(_pageErrors);
        }
        catch
        {
            Diagnose();
            throw;
        }
    }

    [Fact]
    public async Task Custom_attribute_is_added_and_listed()
    {
        var tenant = "attr-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await SignInAndCreateTenantAsync(tenant);
            await Page.GetByRole(AriaRole.Link, new() { Name = "Custom attributes" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Custom attributes", Level = 1 })).ToBeVisibleAsync();

            await Page.GetByLabel("Schema URN").FillAsync("urn:scim:skillcast:User");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Add attribute" }).ClickAsync();
            var row = Page.Locator("tbody tr").Last;
            await row.GetByRole(AriaRole.Textbox).First.FillAsync("Division");
            await row.GetByRole(AriaRole.Combobox).SelectOptionAsync("string");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save attributes" }).ClickAsync();

            var targets = Page.Locator("#attr-target-list");
            await Expect(targets).ToContainTextAsync("urn:scim:skillcast:User:Division");
            await Page.ReloadAsync();
            await Expect(Page.Locator("tbody tr input[name=name]")).ToHaveValueAsync("Division");
            await ScreenshotAsync("admin-page-attributes");

            using var admin = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminPageFixture.AdminKey);
            var saved = JsonNode.Parse(await admin.GetStringAsync($"/admin/v1/tenants/{tenant}/attributes"))!;
            Assert.Equal("urn:scim:skillcast:User", saved["schemaUrn"]!.GetValue<string>());
            Assert.Equal("Division", saved["attributes"]![0]!["name"]!.GetValue<string>());
            Assert.Empty(_pageErrors);
        }
        catch
        {
            Diagnose();
            throw;
        }
    }

    [Fact]
    public async Task Options_roles_and_purge_of_attribute_values_are_saved()
    {
        var tenant = "opts-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminPageFixture.AdminKey);
        try
        {
            await SignInAndCreateTenantAsync(tenant);

            // Group provisioning off and the Skilljar duplicate policy, on the settings view.
            await Page.GetByLabel("Provision groups").UncheckAsync();
            await Page.GetByLabel("Reactivate and update the existing account").CheckAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save options" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Provisioning options saved");
            var settings = JsonNode.Parse(await admin.GetStringAsync($"/admin/v1/tenants/{tenant}/settings"))!;
            Assert.False(settings["groupsEnabled"]!.GetValue<bool>());
            Assert.Equal("reactivate", settings["duplicateUserPolicy"]!.GetValue<string>(), ignoreCase: true);

            // Role catalogue and a group -> role mapping.
            await Page.GetByRole(AriaRole.Link, new() { Name = "Role mapping" }).ClickAsync();
            await Page.GetByLabel("New role").FillAsync("global-admin");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Add role" }).ClickAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Add mapping" }).ClickAsync();
            var mapping = Page.Locator("tbody tr").Last;
            await mapping.GetByRole(AriaRole.Textbox).FillAsync("Dashboard Admins");
            await mapping.GetByRole(AriaRole.Combobox).SelectOptionAsync("global-admin");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save roles and mappings" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Roles and mappings saved");
            await Expect(Page.Locator("tbody tr input[name=group]")).ToHaveValueAsync("Dashboard Admins");
            await ScreenshotAsync("admin-page-roles");
            var roles = JsonNode.Parse(await admin.GetStringAsync($"/admin/v1/tenants/{tenant}/roles"))!;
            Assert.Equal("global-admin", roles["roles"]![0]!.GetValue<string>());
            Assert.Equal("Dashboard Admins", roles["mappings"]![0]!["group"]!.GetValue<string>());

            // An attribute that holds values: removing it asks before the values are deleted.
            var put = await admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", ScimHttp.Json(
                """{"schemaUrn":"urn:scim:skillcast:User","attributes":[{"name":"Division","type":"string"}]}""", "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var issued = await admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens", ScimHttp.Json("""{"name":"seed","expiresInDays":30}""", "application/json"));
            var token = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
            using var scim = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
            scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var user = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimHttp.Json(
                """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:scim:skillcast:User"],"userName":"grace@example.com","urn:scim:skillcast:User":{"Division":"Sales"}}"""));
            Assert.Equal(HttpStatusCode.Created, user.StatusCode);

            await Page.GetByRole(AriaRole.Link, new() { Name = "Custom attributes" }).ClickAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Remove attribute Division" }).ClickAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save attributes" }).ClickAsync();
            var purge = Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete stored values?" });
            await Expect(purge).ToBeVisibleAsync();
            await ScreenshotAsync("admin-page-purge-confirm");
            await purge.GetByRole(AriaRole.Button, new() { Name = "Delete values and save" }).ClickAsync();
            await Expect(Page.GetByText("No custom attributes yet.")).ToBeVisibleAsync();
            var attributes = JsonNode.Parse(await admin.GetStringAsync($"/admin/v1/tenants/{tenant}/attributes"))!;
            Assert.Empty(attributes["attributes"]!.AsArray());
            Assert.Empty(_pageErrors);
        }
        catch
        {
            Diagnose();
            throw;
        }
    }

    private async Task SignInAndCreateTenantAsync(string tenant)
    {
        await Page.GotoAsync("/admin/");
        await ScreenshotAsync("admin-page-sign-in");
        await Page.GetByLabel("Admin API key").FillAsync("not-the-key-at-all-0000");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");

        await Page.GetByLabel("Admin API key").FillAsync(AdminPageFixture.AdminKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Choose a tenant" })).ToBeVisibleAsync();
        await Page.GetByLabel("Tenant id").FillAsync(tenant);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "SCIM Provisioning", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Tenant", new() { Exact = true })).ToHaveValueAsync(tenant);
    }

    private async Task AssertNotOnPageAsync(string secret)
    {
        Assert.DoesNotContain(secret, await Page.ContentAsync());
        var values = await Page.EvaluateAsync<string>(
            "[...document.querySelectorAll('input, textarea')].map(e => e.value).join('\\n') + document.body.innerText");
        Assert.DoesNotContain(secret, values);
    }

    private async Task ScreenshotAsync(string name)
    {
        if (AdminPageFixture.ScreenshotDirectory is { } directory)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }

    private void Diagnose()
    {
        foreach (var error in _pageErrors)
        {
            output.WriteLine("page error: " + error);
        }

        output.WriteLine("silo output:\n" + fixture.Silo.Output);
    }
}
