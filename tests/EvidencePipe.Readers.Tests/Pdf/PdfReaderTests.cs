using System.Globalization;
using System.Text;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Readers.Pdf;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Pdf;

/// <summary>
/// The generated PDFs of fixtures/pdf (tools/make_pdf_fixtures.py writes them object by object; the
/// words on each page are in expected.json there, and Ghostscript's txtwrite reads the same text).
/// </summary>
public sealed class PdfReaderTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("pdf", name);

    private static JsonElement Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    private static List<string> PageWords(JsonElement page) =>
        page.EnumerateArray().SelectMany(l => l.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static List<string> Words(string text) => [.. text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    private static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(string path, OcrEngine? ocr = null)
    {
        var (records, context) = await ReaderHarness.ReadAllAsync(new PdfReader(ocr), path);
        return (records.Cast<EventRecord>().Select(r => r.Event).ToList(), context);
    }

    [Fact]
    public async Task Each_page_of_a_text_PDF_is_one_searchable_event_located_page_N_with_the_document_time()
    {
        var expected = Expected("printout.pdf");
        var (events, context) = await ReadAsync(Fixture("printout.pdf"));

        var pages = expected.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal(pages.Count, events.Count);
        var created = DateTimeOffset.Parse(expected.GetProperty("created").GetString()!, CultureInfo.InvariantCulture);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Equal($"page {i + 1}", events[i].Source.Locator);
            Assert.Equal(PageWords(pages[i]), Words(events[i].Text!));
            Assert.Equal(created, events[i].Time.Utc);
            Assert.Equal(created.Offset, events[i].Time.Offset);
            Assert.Equal("document", events[i].Channel);
            Assert.Equal($"PDF page {i + 1} of {pages.Count} · {expected.GetProperty("title").GetString()} · time from pdf:CreationDate", events[i].Subject);
            Assert.Equal(context.EventId($"page {i + 1}"), events[i].Id);
        }

        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task An_image_only_page_is_read_by_OCR_and_marked_with_its_confidence()
    {
        var expected = Expected("scanned.pdf").GetProperty("pages").EnumerateArray().ToList();
        var ocr = OcrEngine.FromEnvironment();
        Assert.True(ocr.IsAvailable, "tesseract is not installed: run scripts/test.sh");

        var (events, _) = await ReadAsync(Fixture("scanned.pdf"), ocr);

        Assert.Equal(2, events.Count);
        Assert.Equal(PageWords(expected[0]), Words(events[0].Text!));
        Assert.DoesNotContain("ocr", events[0].Subject, StringComparison.Ordinal);
        Assert.Equal("page 2", events[1].Source.Locator);
        Assert.Equal(PageWords(expected[1]), Words(events[1].Text!));
        Assert.Matches(@"^PDF page 2 of 2 · ocr · confidence \d+% · time from file-modified \(NOT a document time\)$", events[1].Subject);
        Assert.Equal(TimeBasis.FileModified, events[1].Time.Basis);
    }

    [Fact]
    public async Task Without_OCR_an_image_only_page_is_noted_and_the_text_pages_are_still_read()
    {
        var (events, context) = await ReadAsync(Fixture("scanned.pdf"), new OcrEngine(null, OcrLimits.Default));

        Assert.Equal("page 1", Assert.Single(events).Source.Locator);
        Assert.Contains(context.Diagnostics, d => d.Locator == "page 2" && d.Reason.Contains("image only", StringComparison.Ordinal));
        // Once per run: the pipeline keeps it on the first source by path that noted it.
        Assert.StartsWith("OCR unavailable", context.Diagnostics[Assert.Single(context.OncePerRun)].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_text_drawn_as_outlines_is_rasterised_by_pdftoppm_and_read_by_OCR()
    {
        // outlined.pdf is printout.pdf pages 1-2 rewritten by Ghostscript with -dNoOutputFonts: every glyph is
        // a vector path, so there is no text layer and no image; only a rasterised page can be read.
        var expected = Expected("printout.pdf").GetProperty("pages").EnumerateArray().ToList();
        var ocr = OcrEngine.FromEnvironment();
        Assert.True(ocr.CanRasterizePdf, "tesseract or pdftoppm is not installed: run scripts/test.sh");

        var (events, context) = await ReadAsync(Fixture("outlined.pdf"), ocr);

        Assert.Equal(["page 1", "page 2"], events.Select(e => e.Source.Locator));
        Assert.Equal(PageWords(expected[0]), Words(events[0].Text!));
        Assert.Contains("You will regret ignoring me", events[1].Text!, StringComparison.Ordinal);
        Assert.All(events, e => Assert.Matches(@" · ocr · confidence \d+% · ", e.Subject));
        Assert.DoesNotContain(context.Diagnostics, d => d.Reason.Contains("no image large enough", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_pdftoppm_a_page_of_outlines_is_noted_as_having_nothing_to_OCR()
    {
        var ocr = OcrEngine.FromEnvironment();
        Assert.True(ocr.IsAvailable, "tesseract is not installed: run scripts/test.sh");
        using var tesseractOnly = new OcrEngine(TesseractPath(), OcrLimits.Default);

        var (events, context) = await ReadAsync(Fixture("outlined.pdf"), tesseractOnly);

        Assert.Empty(events);
        Assert.Equal(2, context.Diagnostics.Count(d => d.Reason.Contains("no image large enough to OCR", StringComparison.Ordinal)));
    }

    private static string TesseractPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "tesseract")).First(File.Exists);

    [Fact]
    public async Task A_truncated_PDF_gives_diagnostics_or_what_it_can_never_an_exception()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("printout.pdf"));
        foreach (var cut in new[] { 9, bytes.Length / 4, bytes.Length / 2, bytes.Length - 40 })
        {
            var path = dir.Combine($"cut-{cut}.pdf");
            await File.WriteAllBytesAsync(path, bytes[..cut]);

            var (events, context) = await ReadAsync(path);

            // Whatever was recovered is real page text; a file that yields no page says why.
            Assert.All(events, e => Assert.StartsWith("page ", e.Source.Locator, StringComparison.Ordinal));
            if (events.Count < 3)
            {
                Assert.NotEmpty(context.Diagnostics);
            }
        }
    }

    [Fact]
    public async Task A_PDF_cut_before_its_trailer_is_repaired_in_memory_and_its_first_page_recovered_and_reported()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("printout.pdf"));
        var path = dir.Combine("cut.pdf");
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length * 6 / 10)]);

        var (events, context) = await ReadAsync(path);

        var first = Expected("printout.pdf").GetProperty("pages")[0];
        Assert.Equal(PageWords(first), Words(Assert.Single(events, e => e.Source.Locator == "page 1").Text!));
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered && d.Reason.Contains("trailer naming its catalog", StringComparison.Ordinal));
        Assert.Equal(bytes[..(bytes.Length * 6 / 10)], await File.ReadAllBytesAsync(path)); // the evidence is untouched
    }

    [Fact]
    public async Task Garbage_after_a_PDF_header_is_skipped_with_a_reason()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("junk.pdf");
        await File.WriteAllBytesAsync(path, [.. "%PDF-1.7\n"u8.ToArray(), .. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251))]);

        var (events, context) = await ReadAsync(path);

        Assert.Empty(events);
        Assert.Equal(1, context.Skipped);
        Assert.Contains("could not be opened", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_whose_content_is_over_the_cap_is_skipped_with_its_size_and_the_others_are_read()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("huge-page.pdf");
        await File.WriteAllBytesAsync(path, TwoPagePdf("(small page) Tj", "(" + new string('a', PdfPageSizes.MaxContentBytes + 1) + ") Tj"));

        var (events, context) = await ReadAsync(path);

        Assert.Equal("small page", Assert.Single(events).Text);
        var skipped = Assert.Single(context.Diagnostics, d => d.Locator == "page 2");
        Assert.Contains("over the 196,608-byte cap", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(1, context.Skipped);
    }

    /// <summary>A two-page PDF written object by object with a correct cross-reference table (ISO 32000-1 §7.5.4).</summary>
    private static byte[] TwoPagePdf(string first, string second)
    {
        string Content(string show) => "BT /F1 12 Tf 72 700 Td " + show + " ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {Content(first).Length} >>\nstream\n{Content(first)}\nendstream",
            $"<< /Length {Content(second).Length} >>\nstream\n{Content(second)}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    [Theory]
    [InlineData("%PDF-1.4\n", true)]
    [InlineData("%PDF-2.0\n", true)]
    [InlineData("junk before the header\n%PDF-1.7\n", true)]
    [InlineData("the text mentions %PDF- without a version", false)]
    [InlineData("%PDX-1.4", false)]
    public void PDFs_are_recognised_by_their_header_not_their_name(string head, bool matches) =>
        Assert.Equal(matches, new PdfSniffer().Matches(Encoding.ASCII.GetBytes(head)));

    [Fact]
    public void A_header_past_the_first_1024_bytes_is_not_a_PDF() =>
        Assert.False(new PdfSniffer().Matches(Encoding.ASCII.GetBytes(new string(' ', 1100) + "%PDF-1.4")));

    [Theory]
    [InlineData("D:20240314093000+01'00'", "2024-03-14T09:30:00", 60)]
    [InlineData("D:20240314093000Z", "2024-03-14T09:30:00", 0)]
    [InlineData("D:20240314093000-05'30", "2024-03-14T09:30:00", -330)]
    [InlineData("D:2024031409", "2024-03-14T09:00:00", null)]
    [InlineData("20240314", "2024-03-14T00:00:00", null)]
    public void PDF_dates_are_read_with_their_zone_when_they_state_one(string value, string local, int? minutes)
    {
        Assert.True(PdfDocumentTime.TryParse(value, out var parsed, out var offset));
        Assert.Equal(DateTime.Parse(local, CultureInfo.InvariantCulture), parsed);
        Assert.Equal(minutes is { } m ? TimeSpan.FromMinutes(m) : null, offset);
    }

    [Theory]
    [InlineData("D:20241314093000Z")]
    [InlineData("yesterday")]
    [InlineData("D:20240314093000+23'00'")]
    public void Impossible_PDF_dates_are_refused(string value) =>
        Assert.False(PdfDocumentTime.TryParse(value, out _, out _));
}
