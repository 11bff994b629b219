using System.Text.Json;
using EvidencePipe.TestSupport;
using Microsoft.Playwright;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// The page in a real browser: Playwright for .NET driving Debian's Chromium (installed by
/// scripts/test-env/chromium.sh; no Playwright browser download). Without Chromium these tests fail — they
/// never skip, so CI cannot pass without having run them.
/// </summary>
public sealed class WebPageBrowserTests(ServedCase served) : IClassFixture<ServedCase>
{
    [Fact]
    public async Task Search_opens_a_hit_in_its_conversation_and_an_indicator_opens_its_evidence_without_a_request_leaving_the_machine()
    {
        // The oracle for what the page should show: the CLI's own answers for this case.
        const string phrase = "\"outside your house\"";
        var search = (await ServedCase.Cli("search", "--case", served.CaseDir, "--json", "--limit", "1", phrase)).Json;
        var firstHit = search.GetProperty("hits")[0];
        var contacts = (await ServedCase.Cli("contacts", "--case", served.CaseDir, "--json")).Json.GetProperty("contacts");
        var top = contacts[0];
        var indicator = top.GetProperty("indicators").EnumerateArray().First(i => i.GetProperty("evidence").GetArrayLength() is > 0 and <= 200);

        await using var browser = await BrowserPage.OpenAsync();
        var page = browser.Page;
        var requests = browser.Requests;
        var problems = browser.Problems;

        // 1. Search with the form, as an investigator would.
        await page.GotoAsync(served.Address.ToString());
        await page.WaitForSelectorAsync("body[data-ready='/search']");
        await page.FillAsync("form.search input[name=q]", phrase);
        await page.ClickAsync("form.search button[type=submit]");
        await page.WaitForSelectorAsync("ol.hits li.hit");
        var counts = await page.TextContentAsync("#counts");
        Assert.StartsWith(search.GetProperty("total").GetInt64().ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) + " matching events", counts, StringComparison.Ordinal);
        var hit = page.Locator("ol.hits li.hit").First;
        Assert.Equal(firstHit.GetProperty("id").GetString(), await hit.GetAttributeAsync("data-id"));
        Assert.Equal("outside your house", await hit.Locator("mark").First.TextContentAsync(), ignoreCase: true);
        await page.WaitForSelectorAsync("#histogram svg rect");
        Assert.True(await page.Locator("#histogram svg rect").CountAsync() > 1, "a time histogram of the hits");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "web-search.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        if (Environment.GetEnvironmentVariable("EVIDENCEPIPE_UPDATE_DOCS") == "1")
        {
            File.Copy(screenshot, Path.Combine(RepoPaths.Root, "docs", "web-search.png"), overwrite: true);
        }

        // 2. Open that hit in its conversation: the page lands on the same event, marked.
        await hit.Locator("a.conv").ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready='/conversation']");
        var target = page.Locator("#conversation li.ev.target");
        Assert.Equal(1, await target.CountAsync());
        Assert.Equal(firstHit.GetProperty("id").GetString(), await target.GetAttributeAsync("data-id"));
        Assert.Contains(top.GetProperty("person").GetString()!, await page.TextContentAsync("#conversation-title"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#conversation li.day").CountAsync() > 1, "day separators");

        // 3. Contacts → one indicator → its evidence: exactly the events contacts --json names.
        await page.ClickAsync("#nav-contacts");
        await page.WaitForSelectorAsync("body[data-ready='/contacts']");
        var row = page.Locator($"#contacts tr[data-person='{top.GetProperty("person_id").GetString()}']");
        await row.Locator($"button.indicator[data-code='{indicator.GetProperty("code").GetString()}']").ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready='/evidence']");
        var shown = await page.Locator("#evidence li.ev").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.id)");
        var expected = indicator.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, shown.Order(StringComparer.Ordinal).ToArray());

        // 4. One evidence event's provenance.
        await page.Locator("#evidence li.ev a.detail").First.ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready='/event']");
        var provenance = await page.TextContentAsync("#provenance");
        Assert.Contains(shown[0], provenance, StringComparison.Ordinal);
        Assert.Contains("SHA-256", provenance, StringComparison.Ordinal);

        // Nothing left 127.0.0.1, and the page ran without a script error or a CSP refusal.
        Assert.True(requests.Count >= 8, string.Join("\n", requests));
        Assert.All(requests, u => Assert.Equal("127.0.0.1", new Uri(u).Host));
        Assert.Empty(problems);
    }
}
