using System.Buffers.Binary;
using EvidencePipe.TestSupport;
using Microsoft.Playwright;

namespace EvidencePipe.Web.Tests;

/// <summary>
/// Photos and screenshots in the page, in Debian's Chromium (<see cref="BrowserPage"/>: fails, never skips,
/// without it): the screenshot a conversation was read from is drawn beside its messages, a photo in its event
/// detail, a HEIC offered as a download, and an exhibit changed after ingest is refused with the reason.
/// </summary>
public sealed class WebPagePhotoBrowserTests(ServedPhotos served) : IClassFixture<ServedPhotos>
{
    [Fact]
    public async Task The_screenshot_and_the_photo_are_drawn_and_a_tampered_photo_is_refused_without_a_request_leaving_the_machine()
    {
        // The oracles: each image's pixel size read here from its own header (PNG IHDR, JPEG SOFn), not by our reader.
        var png = PngSize(RepoPaths.Fixture("ocr", ServedPhotos.Screenshot));
        var jpeg = JpegSize(RepoPaths.Fixture("images", ServedPhotos.Photo));
        var photo = (await served.MediaEventAsync(ServedPhotos.Photo)).GetProperty("id").GetString()!;
        var heic = (await served.MediaEventAsync(ServedPhotos.Heic)).GetProperty("id").GetString()!;
        var tampered = (await served.MediaEventAsync(ServedPhotos.Tampered)).GetProperty("id").GetString()!;

        await using var browser = await BrowserPage.OpenAsync();
        var page = browser.Page;
        var requests = browser.Requests;
        var problems = browser.Problems;

        // 1. The conversation read from the screenshot: the screenshot drawn once, at its own size, beside the first message.
        await page.GotoAsync(served.Address + "#/conversation?person=" + Uri.EscapeDataString("name:Jordan Blake"));
        await page.WaitForSelectorAsync("body[data-ready='/conversation']");
        var shot = page.Locator("#conversation .photo img");
        Assert.Equal(1, await shot.CountAsync());
        Assert.Equal(4, await page.Locator("#conversation .photo a.same-photo").CountAsync());
        Assert.Equal(png, await DrawnSizeAsync(page, "#conversation .photo img"));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "web-screenshot-conversation.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        if (Environment.GetEnvironmentVariable("EVIDENCEPIPE_UPDATE_DOCS") == "1")
        {
            File.Copy(screenshot, Path.Combine(RepoPaths.Root, "docs", "web-screenshot-conversation.png"), overwrite: true);
        }

        // 2. A photo's event detail draws the photo.
        await page.GotoAsync(served.Address + "#/event?id=" + photo);
        await page.WaitForSelectorAsync("body[data-ready='/event']");
        Assert.Equal(jpeg, await DrawnSizeAsync(page, ".photo img"));

        // 3. A HEIC (no browser draws it) is a download link, never an image in the page.
        await page.GotoAsync(served.Address + "#/event?id=" + heic);
        await page.WaitForSelectorAsync("body[data-ready='/event']");
        Assert.Equal(0, await page.Locator(".photo img").CountAsync());
        Assert.Contains(ServedPhotos.Heic, await page.Locator(".photo a.download").TextContentAsync(), StringComparison.Ordinal);

        // 4. A photo changed after ingest: refused, and the page says why in place of the image.
        served.Tamper(ServedPhotos.Tampered);
        await page.GotoAsync(served.Address + "#/event?id=" + tampered);
        await page.WaitForSelectorAsync("body[data-ready='/event']");
        var refused = await page.WaitForSelectorAsync(".photo .refused");
        Assert.Contains("has changed since it was recorded", await refused!.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".photo img").CountAsync());

        // Nothing left 127.0.0.1; the only errors are the browser's notes of the refused image (409).
        Assert.All(requests, u => Assert.Equal("127.0.0.1", new Uri(u).Host));
        Assert.Contains(requests, u => new Uri(u).AbsolutePath.StartsWith("/media/", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.Contains("409", p, StringComparison.Ordinal));
    }

    /// <summary>The image's natural size once the browser has loaded and decoded it.</summary>
    private static async Task<(int Width, int Height)> DrawnSizeAsync(IPage page, string selector)
    {
        await page.Locator(selector).ScrollIntoViewIfNeededAsync();
        var handle = await page.WaitForFunctionAsync(
            "s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight] : null; }", selector);
        var size = await handle.JsonValueAsync<int[]>();
        return (size[0], size[1]);
    }

    /// <summary>PNG: the IHDR chunk follows the 8-byte signature; width and height are its first two big-endian 32-bit fields (RFC 2083 §4.1.1).</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(b, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(20)));
    }

    /// <summary>JPEG: walk the marker segments to the first SOFn (FFC0–FFCF but C4, C8, CC); height then width, 16-bit big-endian (ITU-T T.81 B.2.2).</summary>
    private static (int Width, int Height) JpegSize(string path)
    {
        var b = File.ReadAllBytes(path);
        var at = 2;
        while (at + 9 < b.Length)
        {
            Assert.Equal(0xFF, b[at]);
            var marker = b[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at + 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at + 5)));
            }

            at += 2 + length;
        }

        throw new InvalidDataException("no SOF marker");
    }
}
