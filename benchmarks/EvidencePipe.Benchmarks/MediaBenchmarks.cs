using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EvidencePipe.Readers.Media;
using EvidencePipe.Reading;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Images per second through the media reader the way ingest does it: SHA-256 of the whole file, then
/// the metadata read. The folder is <c>MEDIA_BENCH_DIR</c> (scripts/bench-images.sh fills it with the
/// fixtures/images photos ×N and times <c>exiftool -json</c> on the same folder), else the fixtures ×10.
/// </summary>
[MemoryDiagnoser]
public class MediaBenchmarks
{
    private string[] _files = [];
    private string? _ownedFolder;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("MEDIA_BENCH_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            folder = _ownedFolder = Replicate(FindFixtures(), copies: 10);
        }

        _files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_ownedFolder is not null)
        {
            Directory.Delete(_ownedFolder, recursive: true);
        }
    }

    /// <summary>One file after another (a single worker). Returns the number of events.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> HashAndReadFolder()
    {
        var events = 0;
        foreach (var file in _files)
        {
            events += await HashAndReadAsync(file).ConfigureAwait(false);
        }

        return events;
    }

    /// <summary>As ingest runs it: one worker per core (IngestOptions.Workers' default).</summary>
    [Benchmark]
    public async Task<int> HashAndReadFolderWithIngestWorkers()
    {
        var events = 0;
        await Parallel.ForEachAsync(_files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (file, _) =>
            Interlocked.Add(ref events, await HashAndReadAsync(file).ConfigureAwait(false))).ConfigureAwait(false);
        return events;
    }

    private static async Task<int> HashAndReadAsync(string file)
    {
        var reader = new MediaReader();
        var events = 0;
        string sha;
        long length;
        await using (var stream = EvidenceSource.OpenEvidence(file))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream).ConfigureAwait(false));
            length = stream.Length;
        }

        var source = new EvidenceSource(file, Path.GetFileName(file), length, sha, MediaReader.FormatName);
        var context = new ReadContext(source, CaseSettings.Default);
        await foreach (var record in reader.ReadAsync(source, context, CancellationToken.None).ConfigureAwait(false))
        {
            events += record is EventRecord ? 1 : 0;
        }

        return events;
    }

    public int FileCount => _files.Length;

    private static string FindFixtures()
    {
        var dir = new DirectoryInfo(Environment.CurrentDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EvidencePipe.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("set MEDIA_BENCH_DIR"), "fixtures", "images");
    }

    private static string Replicate(string fixtures, int copies)
    {
        var folder = Path.Combine(Path.GetTempPath(), "evidencepipe-media-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(fixtures).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)))
        {
            for (var i = 0; i < copies; i++)
            {
                File.Copy(file, Path.Combine(folder, $"{i:D3}_{Path.GetFileName(file)}"));
            }
        }

        return folder;
    }
}
