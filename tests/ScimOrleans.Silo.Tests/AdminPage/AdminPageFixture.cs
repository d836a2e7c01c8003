using Microsoft.Playwright;
using ScimOrleans.Testing;

namespace ScimOrleans.Silo.Tests.AdminPage;

/// <summary>
/// The silo as a real process (the browser needs a real HTTP listener, which the in-memory test
/// server is not) and the machine's Debian Chromium driven by Playwright. Playwright never
/// downloads a browser here: it is pointed at <c>/usr/bin/chromium</c>, which
/// <c>scripts/test.sh</c> installs when missing.
/// </summary>
public sealed class AdminPageFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-page-test-key-0123456789";
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string BootstrapTenant = "bootstrap";
    private const string BootstrapToken = "bootstrap-token-for-admin-page-tests";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "scim-admin-page-" + Guid.NewGuid().ToString("N"));
    private SiloProcess? _silo;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>When set (e.g. to <c>/tmp</c>), the tests save screenshots of the page there.</summary>
    public static string? ScreenshotDirectory => Environment.GetEnvironmentVariable("ADMIN_PAGE_SCREENSHOTS");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's chromium (scripts/test.sh does: apt-get install chromium).");
        }

        _silo = await SiloProcess.StartAsync(_dataDirectory, BootstrapTenant, BootstrapToken, TestPorts.Next(),
            new Dictionary<string, string> { ["Admin__ApiKey"] = AdminKey });
        _playwright = await Playwright.CreateAsync();
        // Launch gives every run a fresh temporary profile (user-data dir) of its own.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
