using System.Text.Json;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// The page over a lab case (<c>serve --store</c>, issue 21) in Debian's Chromium driven by Playwright: search, open a
/// hit in its conversation, open its provenance. The oracle is the page's API over the same evidence ingested locally.
/// Without Chromium or the PostgreSQL test server this fails, never skips.
/// </summary>
[Collection(ServedLabFixture.Name)]
public sealed class WebPageLabBrowserTests(ServedLabCase served)
{
    [Fact]
    public async Task Over_a_lab_case_search_opens_a_hit_in_its_conversation_and_its_provenance_without_a_request_leaving_the_machine()
    {
        const string phrase = "\"outside your house\"";
        var search = JsonDocument.Parse(await served.Local.GetStringAsync($"api/search?q={Uri.EscapeDataString(phrase)}&limit=1")).RootElement;
        var firstHit = search.GetProperty("hits")[0];
        var id = firstHit.GetProperty("id").GetString()!;

        await using var browser = await BrowserPage.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(served.LabAddress.ToString());
        await page.WaitForSelectorAsync("body[data-ready='/search']");
        await page.FillAsync("form.search input[name=q]", phrase);
        await page.ClickAsync("form.search button[type=submit]");
        await page.WaitForSelectorAsync("ol.hits li.hit");
        var hit = page.Locator("ol.hits li.hit").First;
        Assert.Equal(id, await hit.GetAttributeAsync("data-id"));
        Assert.Equal("outside your house", await hit.Locator("mark").First.TextContentAsync(), ignoreCase: true);
        Assert.StartsWith(search.GetProperty("total").GetInt64().ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) + " matching events",
            await page.TextContentAsync("#counts"), StringComparison.Ordinal);

        // Open the hit in its conversation: the lab's conversation is the local one, and the hit is marked in it.
        // The party the page links to (#/conversation?case=…&person=…), asked of the local page too.
        var href = (await hit.Locator("a.conv").GetAttributeAsync("href"))!;
        var party = System.Web.HttpUtility.ParseQueryString(href[(href.IndexOf('?', StringComparison.Ordinal) + 1)..])["person"]!;
        var conversation = JsonDocument.Parse(await served.Local.GetStringAsync($"api/conversation?person={Uri.EscapeDataString(party)}")).RootElement;
        await hit.Locator("a.conv").ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready='/conversation']");
        var target = page.Locator("#conversation li.ev.target");
        Assert.Equal(1, await target.CountAsync());
        Assert.Equal(id, await target.GetAttributeAsync("data-id"));
        Assert.Contains(conversation.GetProperty("person").GetString()!, await page.TextContentAsync("#conversation-title"), StringComparison.Ordinal);
        var shown = await page.Locator("#conversation li.ev").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.id)");
        Assert.Equal(conversation.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!), shown);

        // Its provenance: the exhibit's SHA-256 as the lab recorded it.
        await target.Locator("a.detail").ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready='/event']");
        var provenance = await page.TextContentAsync("#provenance");
        Assert.Contains(id, provenance, StringComparison.Ordinal);
        Assert.Contains(firstHit.GetProperty("source").GetProperty("sha256").GetString()!, provenance, StringComparison.Ordinal);

        Assert.All(browser.Requests, u => Assert.Equal("127.0.0.1", new Uri(u).Host));
        Assert.Empty(browser.Problems);
    }
}

/// <summary>One lab fixture (database, worker run, two servers) shared by the lab API and browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class ServedLabFixture : ICollectionFixture<ServedLabCase>
{
    public const string Name = "served lab case";
}
