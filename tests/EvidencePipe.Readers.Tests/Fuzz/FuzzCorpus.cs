using System.Globalization;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Fuzz;

/// <summary>
/// The fuzzer's seeds: every fixture under <c>fixtures/</c> that the registered catalog recognises,
/// paired with the reader it is recognised for — so a reader added to <see cref="ReaderCatalog"/> is
/// fuzzed as soon as it has a fixture.
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>Mutants per sample in CI; raise it with <see cref="IterationsVariable"/> for longer local runs.</summary>
    public const int DefaultIterations = 100;

    public const string IterationsVariable = "EVIDENCEPIPE_FUZZ_ITERATIONS";

    /// <summary>Fixed, so a failure seen in CI is reproduced by the same test anywhere.</summary>
    public const ulong Seed = 0x45564944454E4345; // "EVIDENCE"

    private static readonly Lazy<IReadOnlyList<Sample>> SamplesLazy = new(Load);

    public static IReadOnlyList<Sample> Samples => SamplesLazy.Value;

    public static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultIterations;

    /// <summary>A per-sample seed from the fixed seed and the sample's path (FNV-1a: stable, unlike string.GetHashCode).</summary>
    public static ulong SeedFor(string relative)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in relative)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Seed ^ hash;
    }

    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var sample in Samples)
        {
            data.Add(sample.Relative);
        }

        return data;
    }

    public static Sample Get(string relative) => Samples.Single(s => s.Relative == relative);

    private static List<Sample> Load()
    {
        // OCR is off here: tesseract runs in its own capped process (OcrEngineTests cover its failures),
        // and 100 mutants of every screenshot through it would take most of the CI budget.
        var registry = ReaderCatalog.CreateRegistry(ocr: new EvidencePipe.Readers.Ocr.OcrEngine(null, EvidencePipe.Readers.Ocr.OcrLimits.Default, "OCR is not fuzzed"));
        var samples = new List<Sample>();
        foreach (var path in Directory.GetFiles(RepoPaths.Fixtures, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepoPaths.Fixtures, path).Replace('\\', '/');
            // fixtures/ocr holds generated screenshots for OCR, which is off here: as media they are PNGs
            // like images/*.png, already fuzzed, and adding them only multiplies PNG mutants.
            // An iOS backup's stored files (xx/<40 hex>) are byte copies of fixtures fuzzed under their own
            // names, or ciphertext: fuzzing them again adds nothing (their Manifest.db is fuzzed).
            if (relative.EndsWith(".md", StringComparison.Ordinal) || relative.StartsWith("validation/", StringComparison.Ordinal)
                || relative.StartsWith("ocr/", StringComparison.Ordinal)
                || (relative.StartsWith("ios_backup/", StringComparison.Ordinal) && Path.GetFileName(relative).Length == 40))
            {
                continue;
            }

            if (registry.Identify(ReaderHarness.Head(path)) is { } reader)
            {
                samples.Add(new Sample(relative, path, reader));
            }
        }

        return samples;
    }

    public sealed record Sample(string Relative, string FullPath, IEvidenceReader Reader);
}
