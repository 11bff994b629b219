using BenchmarkDotNet.Attributes;
using EvidencePipe.Readers.Media;
using EvidencePipe.Reading;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// The photo reader alone, as ingest's parse stage calls it after hashing: <see cref="MediaReader"/> over one
/// fixtures/images file (open, sniff, metadata, capture time, the event), no hashing, no store. One case per
/// file, so a change can be seen per family (JPEG, HEIF, PNG). The SHA-256 is a placeholder: the reader only
/// copies it into the attachment.
/// </summary>
[MemoryDiagnoser]
public class PhotoReaderBenchmarks
{
    private EvidenceSource _source = null!;
    private readonly MediaReader _reader = new();

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = string.Empty;

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(Fixtures()).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Fixtures(), File);
        _source = new EvidenceSource(path, File, new FileInfo(path).Length, new string('0', 64), MediaReader.FormatName);
    }

    /// <summary>Returns the number of events (one per photo).</summary>
    [Benchmark]
    public async Task<int> ReadOnePhoto()
    {
        var context = new ReadContext(_source, CaseSettings.Default);
        var events = 0;
        await foreach (var record in _reader.ReadAsync(_source, context, CancellationToken.None).ConfigureAwait(false))
        {
            events += record is EventRecord ? 1 : 0;
        }

        return events;
    }

    private static string Fixtures()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "EvidencePipe.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("run from inside the repository"), "fixtures", "images");
    }
}
