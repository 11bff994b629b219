using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Web.Tests;

/// <summary><c>/media/{sha256}</c> and the <c>"media"</c> map of the API: photos served from the recorded exhibit, verified, read-only.</summary>
public sealed class WebServerPhotoTests(ServedPhotos served) : IClassFixture<ServedPhotos>
{
    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Theory]
    [InlineData("ocr", ServedPhotos.Screenshot, "image/png")]
    [InlineData("images", ServedPhotos.Photo, "image/jpeg")]
    public async Task A_photo_is_served_inline_byte_for_byte_as_the_exhibit_file(string folder, string name, string type)
    {
        // The oracle: the fixture's bytes and their SHA-256 computed here.
        var expected = await File.ReadAllBytesAsync(RepoPaths.Fixture(folder, name));
        var sha = Convert.ToHexStringLower(SHA256.HashData(expected));

        var response = await served.Http.GetAsync($"media/{sha}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("sandbox", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heic_photo_the_browser_cannot_draw_is_a_download_only()
    {
        var response = await served.Http.GetAsync($"media/{Sha256Of(RepoPaths.Fixture("images", ServedPhotos.Heic))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("image/heif", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_file_changed_after_ingest_is_refused_with_both_hashes()
    {
        var recorded = Sha256Of(RepoPaths.Fixture("images", ServedPhotos.Tampered));
        served.Tamper(ServedPhotos.Tampered);
        var now = Sha256Of(Path.Combine(served.EvidenceDir, ServedPhotos.Tampered));

        var response = await served.Http.GetAsync($"media/{recorded}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error").GetString()!;

        Assert.NotEqual(recorded, now);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("has changed since it was recorded", error, StringComparison.Ordinal);
        Assert.Contains(recorded, error, StringComparison.Ordinal);
        Assert.Contains(now, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("media/..%2F..%2F..%2Fetc%2Fpasswd", HttpStatusCode.BadRequest)]
    [InlineData("media/../../etc/passwd", HttpStatusCode.NotFound)]
    [InlineData("media/%2Fetc%2Fpasswd", HttpStatusCode.BadRequest)]
    [InlineData("media/E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", HttpStatusCode.BadRequest)]
    [InlineData("media/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HttpStatusCode.NotFound)]
    [InlineData("media/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855?case=%2Fetc", HttpStatusCode.BadRequest)]
    public async Task Nothing_but_a_recorded_exhibit_s_hash_reaches_a_file(string path, HttpStatusCode status)
    {
        // e3b0… is the SHA-256 of nothing: a well-formed name no exhibit of this case has.
        var response = await served.Http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_screenshot_message_names_its_screenshot_in_the_conversation_s_media()
    {
        var sha = Sha256Of(RepoPaths.Fixture("ocr", ServedPhotos.Screenshot));
        using var api = JsonDocument.Parse(await served.Http.GetStringAsync("api/conversation?person=" + Uri.EscapeDataString("name:Jordan Blake")));
        var root = api.RootElement;

        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(5, events.Count); // the generator drew five bubbles (fixtures/ocr/expected.json)
        Assert.All(events, e => Assert.Equal(sha, e.GetProperty("source").GetProperty("sha256").GetString()));
        var media = root.GetProperty("media").GetProperty(sha);
        Assert.Equal(ServedPhotos.Screenshot, media.GetProperty("name").GetString());
        Assert.True(media.GetProperty("inline").GetBoolean());
        Assert.Equal(new FileInfo(RepoPaths.Fixture("ocr", ServedPhotos.Screenshot)).Length, media.GetProperty("size").GetInt64());
        Assert.Single(root.GetProperty("media").EnumerateObject());
    }

    [Fact]
    public async Task Every_photo_served_is_in_the_case_audit_log()
    {
        var sha = Sha256Of(RepoPaths.Fixture("images", ServedPhotos.Photo));
        await served.Http.GetByteArrayAsync($"media/{sha}");

        var rows = ServedCase.ServeAuditRows(served.CaseDir);
        Assert.Contains(rows, a => a.SequenceEqual(["--web-user", Environment.UserName, "media", "--case", served.CaseDir, sha]));
    }
}
