using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.Ocr.OcrTestFiles;

namespace EvidencePipe.Readers.Tests.Ocr;

/// <summary>Tesseract as a separate process: absent, over its time budget, over its memory cap, fed garbage.</summary>
public sealed class OcrEngineTests
{
    /// <summary>
    /// Each screenshot notes the same once-per-run note, which the pipeline keeps on the first of them by path only
    /// (IngestPipelineTests: a once-per-run note is kept on the first source by path), so the run gives it once.
    /// </summary>
    [Fact]
    public async Task Without_tesseract_the_run_continues_with_one_clear_diagnostic_for_the_whole_run()
    {
        var engine = new OcrEngine(null, OcrLimits.Default);

        var (first, firstContext) = await ReadAsync(Fixture(Chat), engine);
        var (second, secondContext) = await ReadAsync(Fixture(Note), engine);

        Assert.Equal(EventKind.Media, Assert.Single(first).Kind);
        Assert.Equal(EventKind.Media, Assert.Single(second).Kind);
        var notice = OnlyOncePerRunNote(firstContext);
        Assert.StartsWith("OCR unavailable: tesseract was not found on PATH", notice.Reason, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr", notice.Reason, StringComparison.Ordinal);
        Assert.Equal(notice.Reason, OnlyOncePerRunNote(secondContext).Reason);
    }

    [Fact]
    public async Task Without_ImageMagick_dark_screenshots_are_read_as_they_are_with_one_clear_diagnostic_for_the_whole_run()
    {
        using var engine = new OcrEngine(Tesseract(), OcrLimits.Default);

        var (dark, darkContext) = await ReadAsync(Fixture(DarkChat), engine);
        var (light, lightContext) = await ReadAsync(Fixture(Chat), engine);

        var notice = OnlyOncePerRunNote(darkContext);
        Assert.StartsWith("dark-theme screenshots cannot be converted", notice.Reason, StringComparison.Ordinal);
        Assert.Contains("imagemagick", notice.Reason, StringComparison.Ordinal);
        Assert.Equal(notice.Reason, OnlyOncePerRunNote(lightContext).Reason);
        // Both are still OCR'd; nothing claims a conversion that did not happen.
        Assert.Contains(dark, e => e.Kind == EventKind.Message);
        Assert.Equal(Expected(Chat).GetProperty("messages").GetArrayLength(), light.Count(e => e.Kind == EventKind.Message));
        Assert.DoesNotContain(dark.Concat(light), e => e.Subject?.Contains("converted", StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public async Task A_failed_dark_theme_check_is_reported_and_the_screenshot_is_read_as_it_is()
    {
        // /bin/false stands in for an ImageMagick that refuses the image (exit code 1, as policy.xml refusals do).
        using var engine = new OcrEngine(Tesseract(), OcrLimits.Default, imageMagick: "/bin/false");

        var (events, context) = await ReadAsync(Fixture(Chat), engine);

        Assert.Contains(context.Diagnostics, d => d.Reason.StartsWith("dark-theme check failed (ImageMagick exited with code 1", StringComparison.Ordinal));
        Assert.Equal(Expected(Chat).GetProperty("messages").GetArrayLength(), events.Count(e => e.Kind == EventKind.Message));
        Assert.Equal(0, context.Skipped);
    }

    [Fact]
    public async Task A_dark_screenshot_measures_dark_and_a_light_one_light()
    {
        // Expected levels by hand from the generator's colours: WhatsApp's dark background #0B141A is 0.07 grey,
        // the light theme's #ECE5DD 0.90; the images are mostly background.
        using var engine = Engine();

        var dark = await engine.RecognizeScreenshotAsync(Fixture(DarkChat), "png", CancellationToken.None);
        var light = await engine.RecognizeScreenshotAsync(Fixture(Chat), "png", CancellationToken.None);

        Assert.Matches(@"^dark theme \(mean luminance 0\.[0-3]\d\): OCR of the image converted to inverted greyscale by ImageMagick$", dark.Conversion);
        Assert.Null(light.Conversion);
        Assert.Null(dark.ConversionProblem);
        Assert.Null(light.ConversionProblem);
    }

    private static string Tesseract() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "tesseract")).First(File.Exists);

    [Fact]
    public async Task A_run_over_its_time_budget_is_stopped_and_reported_and_the_image_is_still_listed()
    {
        var engine = Engine(OcrLimits.Default with { TimeBudget = TimeSpan.Zero });

        var (events, context) = await ReadAsync(Fixture(Chat), engine);

        Assert.Equal(EventKind.Media, Assert.Single(events).Kind);
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains("exceeded its time budget", StringComparison.Ordinal));
        Assert.Equal(1, context.Recovered);
    }

    [Fact]
    public async Task A_run_over_its_memory_cap_fails_in_its_own_process_and_is_reported()
    {
        // 8 MiB of address space is too little to load the language model: tesseract fails, we do not.
        var engine = Engine(OcrLimits.Default with { MemoryLimitMiB = 8 });

        var outcome = await engine.RecognizeAsync(Fixture(Chat), CancellationToken.None);

        Assert.Null(outcome.Page);
        Assert.NotNull(outcome.Failure);
    }

    [Fact]
    public async Task A_truncated_screenshot_gives_a_diagnostic_not_an_exception()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(Chat);
        var bytes = await File.ReadAllBytesAsync(Fixture(Chat));
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 3)]);

        var (events, context) = await ReadAsync(path, Engine());

        Assert.Contains(events, e => e.Kind == EventKind.Media);
        Assert.NotEmpty(context.Diagnostics);
    }

    /// <summary>The one diagnostic of <paramref name="context"/> that is a once-per-run note.</summary>
    private static Diagnostic OnlyOncePerRunNote(ReadContext context) =>
        context.Diagnostics[Assert.Single(context.OncePerRun)];
}
