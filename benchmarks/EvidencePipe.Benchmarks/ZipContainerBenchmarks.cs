using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Reading every entry of a zip of <see cref="Entries"/> small entries (a Takeout-like archive), as an ingest does:
/// list the directory, then open and read each entry. <c>OneDirectoryRead</c> is the pipeline's way since issue 19
/// (<see cref="ZipArchives"/>: the central directory read once); <c>DirectoryReadPerEntry</c> re-creates the archive
/// for each entry, as each entry's hash and parse did before — its cost per entry grows with the entry count
/// (quadratic in all), the first's stays flat (linear). The deterministic count lives in the tests
/// (ZipArchivesTests, IngestPipelineContainerTests); this shows the time.
/// </summary>
[MemoryDiagnoser]
public class ZipContainerBenchmarks
{
    private string _dir = string.Empty;
    private string _zip = string.Empty;

    [Params(1_000, 2_000, 4_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "evidencepipe-zipbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _zip = Path.Combine(_dir, "takeout.zip");
        using var archive = ZipFile.Open(_zip, ZipArchiveMode.Create);
        for (var i = 0; i < Entries; i++)
        {
            using var writer = new StreamWriter(archive.CreateEntry($"Takeout/Mail/message{i:D6}.eml").Open());
            writer.Write($"Subject: message {i}\r\n\r\nbody {i}\r\n");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>Bytes read from every entry (so the work cannot be optimised away).</summary>
    [Benchmark(Baseline = true)]
    public long OneDirectoryRead()
    {
        using var archives = new ZipArchives();
        var entries = ZipContainer.List(archives, _zip, nestedEntryPath: null, new ContainerBudget(new ContainerLimits()));
        long total = 0;
        foreach (var entry in entries)
        {
            using var stream = archives.OpenEntry(_zip, entry.EntryPath);
            total += Drain(stream);
        }

        return total;
    }

    [Benchmark]
    public long DirectoryReadPerEntry()
    {
        string[] names;
        using (var listing = ZipFile.OpenRead(_zip))
        {
            names = listing.Entries.Select(e => e.FullName).ToArray();
        }

        long total = 0;
        foreach (var name in names)
        {
            using var archive = ZipFile.OpenRead(_zip);
            using var stream = archive.GetEntry(name)!.Open();
            total += Drain(stream);
        }

        return total;
    }

    private static long Drain(Stream stream)
    {
        Span<byte> buffer = stackalloc byte[4096];
        long n = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            n += read;
        }

        return n;
    }
}
