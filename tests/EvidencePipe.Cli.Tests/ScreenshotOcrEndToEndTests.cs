using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// The generated screenshots of fixtures/ocr (tools/make_ocr_screenshots.py; the words drawn are in
/// expected.json there) through ingest with the real tesseract: OCR'd words are searchable and a
/// threat read from a chat screenshot is scored like any message.
/// </summary>
public sealed class ScreenshotOcrEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> IngestAsync()
    {
        var caseDir = _dir.Combine("case");
        var run = await CliRunner.RunAsync("ingest", RepoPaths.Fixture("ocr"), "--case", caseDir, "--owner", "name:Alex", "--json");
        Assert.True(run.ExitCode is 0 or 2, run.Stderr);
        return caseDir;
    }

    [Theory]
    [InlineData("contacting", "whatsapp")]
    [InlineData("\"called the police\"", "whatsapp")]
    [InlineData("depot", "screenshot")]
    [InlineData("\"saw you at the gym\"", "imessage")]
    [InlineData("\"do not message me again\"", "whatsapp")] // light text on a dark-theme bubble: read only after the conversion
    [InlineData("\"where she parks\" from:reid", "whatsapp")] // a group message, under its named sender
    public async Task Words_read_from_screenshots_are_found_by_search(string query, string channel)
    {
        var caseDir = await IngestAsync();

        var run = await CliRunner.RunAsync("search", "--case", caseDir, "--json", query);

        var hit = Assert.Single(run.Json.GetProperty("hits").EnumerateArray());
        Assert.Equal(channel, hit.GetProperty("channel").GetString());
    }

    [Theory]
    [InlineData("Jordan Blake", "kill you")]
    [InlineData("Casey Morgan", "you are dead")]
    public async Task A_threat_read_from_a_chat_screenshot_fires_the_threat_indicator_for_its_sender(string person, string words)
    {
        var caseDir = await IngestAsync();

        var run = await CliRunner.RunAsync("contacts", "--case", caseDir, "--json");

        var jordan = run.Json.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == person);
        var threats = jordan.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "threats");
        var evidence = threats.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToList();
        var export = await CliRunner.RunAsync("export", "--case", caseDir, "--format", "jsonl");
        var events = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var threat = Assert.Single(events, e => evidence.Contains(e.GetProperty("id").GetString()));
        Assert.Contains(words, threat.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("bubble ", threat.GetProperty("source").GetProperty("locator").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ocr · confidence", threat.GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PDF_print_out_is_searchable_page_by_page_including_its_scanned_page()
    {
        var caseDir = _dir.Combine("pdf-case");
        var ingest = await CliRunner.RunAsync("ingest", RepoPaths.Fixture("pdf"), "--case", caseDir, "--json");
        Assert.True(ingest.ExitCode is 0 or 2, ingest.Stderr);

        // "regret" is on page 2 of the print-out, as text, and of its copy with every glyph drawn as outlines (OCR'd).
        var regret = (await CliRunner.RunAsync("search", "--case", caseDir, "--json", "regret")).Json.GetProperty("hits").EnumerateArray()
            .Select(h => (Path: h.GetProperty("source").GetProperty("path").GetString(), Locator: h.GetProperty("source").GetProperty("locator").GetString()))
            .OrderBy(h => h.Path, StringComparer.Ordinal).ToList();
        var scanned = Assert.Single((await CliRunner.RunAsync("search", "--case", caseDir, "--json", "\"stay away from my family\"")).Json.GetProperty("hits").EnumerateArray());

        Assert.Equal([("outlined.pdf", "page 2"), ("printout.pdf", "page 2")], regret);
        Assert.Equal("page 2", scanned.GetProperty("source").GetProperty("locator").GetString());
        Assert.Equal("scanned.pdf", scanned.GetProperty("source").GetProperty("path").GetString());
    }
}
