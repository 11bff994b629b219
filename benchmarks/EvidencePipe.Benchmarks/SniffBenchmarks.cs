using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EvidencePipe.Readers;
using EvidencePipe.Reading;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Format recognition by content over every real fixture file (phone databases, images, mail, chat
/// exports, vCards, CDRs — and the README/JSON files beside them, which no sniffer accepts and so cost
/// the most: every sniffer is tried). <c>IdentifyHeads</c> is the registry alone on heads already in
/// memory, as the pipeline calls it after hashing; <c>ReadHeadAndIdentify</c> adds opening the file
/// read-only and reading its head (page cache warm). MB/s counts the head bytes sniffed (at most
/// <see cref="SniffBuffer.HeadLength"/> per file), not whole files: sniffing never reads further.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RateConfig))]
public class SniffBenchmarks
{
    /// <summary>The fixture files and their head bytes: computed alike in the host (for the columns) and in the run.</summary>
    private static readonly Lazy<(string[] Files, long HeadBytes)> Corpus = new(() =>
    {
        var files = Directory.GetFiles(Path.Combine(SyntheticCase.RepositoryRoot(), "fixtures"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return (files, files.Sum(f => Math.Min(new FileInfo(f).Length, SniffBuffer.HeadLength)));
    });

    private readonly FormatRegistry _registry = ReaderCatalog.CreateRegistry();
    private byte[][] _heads = [];
    private readonly byte[] _buffer = new byte[SniffBuffer.HeadLength];

    [GlobalSetup]
    public void Setup()
    {
        _heads = Corpus.Value.Files.Select(ReadHead).ToArray();
        var recognised = _heads.Count(h => _registry.Identify(h) is not null);
        Console.WriteLine($"// {_heads.Length} fixture files, {recognised} recognised, {Corpus.Value.HeadBytes} head bytes");
    }

    /// <summary>Returns the number of files recognised (so the work cannot be optimised away).</summary>
    [Benchmark(Baseline = true)]
    public int IdentifyHeads()
    {
        var recognised = 0;
        foreach (var head in _heads)
        {
            recognised += _registry.Identify(head) is null ? 0 : 1;
        }

        return recognised;
    }

    [Benchmark]
    public int ReadHeadAndIdentify()
    {
        var recognised = 0;
        foreach (var file in Corpus.Value.Files)
        {
            int length;
            using (var stream = EvidenceSource.OpenEvidence(file))
            {
                length = stream.ReadAtLeast(_buffer, _buffer.Length, throwOnEndOfStream: false);
            }

            recognised += _registry.Identify(_buffer.AsSpan(0, length)) is null ? 0 : 1;
        }

        return recognised;
    }

    private static byte[] ReadHead(string file)
    {
        using var stream = EvidenceSource.OpenEvidence(file);
        var head = new byte[Math.Min(stream.Length, SniffBuffer.HeadLength)];
        stream.ReadExactly(head);
        return head;
    }

    private sealed class RateConfig : ManualConfig
    {
        public RateConfig()
        {
            AddColumn(new DerivedColumn("files/s", "fixture files sniffed per second of mean time", "N0", (_, s) => Corpus.Value.Files.Length / s));
            AddColumn(new DerivedColumn("MB/s", "head bytes sniffed (≤ 8 KiB per file) per second of mean time, in MB/s", "F1", (_, s) => Corpus.Value.HeadBytes / s / 1e6));
        }
    }
}
