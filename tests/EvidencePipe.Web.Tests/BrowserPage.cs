using Microsoft.Playwright;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// A page in Debian's Chromium driven by Playwright (no Playwright browser download), recording every request it makes
/// and every script error, console error or CSP refusal. Chromium missing is a failure, never a skip.
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Request += (_, r) => { lock (Requests) { Requests.Add(r.Url); } };
        page.Console += (_, m) => { if (m.Type == "error") { lock (Problems) { Problems.Add(m.Text + " @ " + m.Location); } } };
        page.PageError += (_, e) => { lock (Problems) { Problems.Add(e); } };
    }

    /// <summary>Where Chromium is: <c>EVIDENCEPIPE_CHROMIUM</c>, else Debian's package.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("EVIDENCEPIPE_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public IPage Page { get; }

    public List<string> Requests { get; } = [];

    public List<string> Problems { get; } = [];

    public static async Task<BrowserPage> OpenAsync()
    {
        Assert.True(File.Exists(Chromium),
            $"Chromium not found at {Chromium}: run scripts/test-env/chromium.sh (apt-get install chromium) or set EVIDENCEPIPE_CHROMIUM (CI={Environment.GetEnvironmentVariable("CI")})");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 }, Locale = "en-GB", TimezoneId = "UTC" });
        return new BrowserPage(playwright, browser, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
