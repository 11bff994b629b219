using BenchmarkDotNet.Attributes;
using EvidencePipe.Application;
using EvidencePipe.Readers.Ocr;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// A folder of photos through the whole ingest library call (<see cref="CaseIngest"/>, as <c>evidencepipe ingest</c>
/// runs it: a new case, every byte SHA-256 hashed, metadata read, events stored and indexed), the photos being
/// fixtures/images copied <see cref="ImageCount"/> / 18 times as scripts/bench.sh copies them (OCR off, as bench.sh
/// sets it). Per-image cost = the difference between the two counts; process start-up is not in it (the
/// ReadyToRun CLI under /usr/bin/time measures that: benchmarks/results/2026-12-05-issue18-photo-cpu-2.md).
/// </summary>
[MemoryDiagnoser]
public class PhotoIngestBenchmarks
{
    private string _root = string.Empty;
    private string _folder = string.Empty;
    private string _case = string.Empty;
    private int _run;

    /// <summary>Images in the folder: one copy of the fixtures (18) and bench.sh's default 20 copies (360).</summary>
    [Params(18, 360)]
    public int ImageCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Environment.SetEnvironmentVariable(OcrEngine.ExecutableVariable, "off");
        _root = Path.Combine(Path.GetTempPath(), "evidencepipe-photo-bench-" + Guid.NewGuid().ToString("N"));
        _folder = Path.Combine(_root, "photos");
        Directory.CreateDirectory(_folder);
        var fixtures = Directory.GetFiles(Path.Combine(SyntheticCase.RepositoryRoot(), "fixtures", "images"))
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        for (var i = 0; i < ImageCount; i++)
        {
            var file = fixtures[i % fixtures.Length];
            File.Copy(file, Path.Combine(_folder, $"{i / fixtures.Length + 1:D2}_{Path.GetFileName(file)}"));
        }
    }

    [IterationSetup]
    public void NewCase() => _case = Path.Combine(_root, "case-" + _run++);

    [IterationCleanup]
    public void DropCase() => Directory.Delete(_case, recursive: true);

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Returns the events read (one per image).</summary>
    [Benchmark]
    public long IngestPhotos() => SyntheticCase.Ingest(_folder, _case).EventsRead;
}
