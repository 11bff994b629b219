using EvidencePipe.Model;
using EvidencePipe.Readers.Ocr;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.Ocr.OcrTestFiles;

namespace EvidencePipe.Readers.Tests.Ocr;

/// <summary>Tesseract as a separate process: absent, over its time budget, over its memory cap, fed garbage.</summary>
public sealed class OcrEngineTests
{
    [Fact]
    public async Task Without_tesseract_the_run_continues_with_one_clear_diagnostic_for_the_whole_run()
    {
        var engine = new OcrEngine(null, OcrLimits.Default);

        var (first, firstContext) = await ReadAsync(Fixture(Chat), engine);
        var (second, secondContext) = await ReadAsync(Fixture(Note), engine);

        Assert.Equal(EventKind.Media, Assert.Single(first).Kind);
        Assert.Equal(EventKind.Media, Assert.Single(second).Kind);
        var notice = Assert.Single(firstContext.Diagnostics, d => d.Reason.StartsWith("OCR unavailable", StringComparison.Ordinal));
        Assert.Contains("tesseract-ocr", notice.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(secondContext.Diagnostics, d => d.Reason.StartsWith("OCR unavailable", StringComparison.Ordinal));
    }

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
}
