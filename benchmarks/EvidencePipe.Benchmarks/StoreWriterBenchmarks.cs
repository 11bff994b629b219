using BenchmarkDotNet.Attributes;
using EvidencePipe.Hashing;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Model;
using EvidencePipe.Pipeline;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Events per second through the single batched SQLite writer (events + identifiers), and the same with the
/// Lucene index fed beside it (<see cref="IndexFeed"/>: analysis and indexing on their own task, committed at the end).
/// </summary>
[MemoryDiagnoser]
public class StoreWriterBenchmarks
{
    private const string Sha = "bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22";
    private List<EvidenceRecord> _records = [];
    private string _dir = string.Empty;

    [Params(10_000, 100_000)]
    public int Events { get; set; }

    [Params(4096)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Synthesis.SplitMix64(1);
        string[] words = ["outside", "your", "house", "why", "are", "you", "ignoring", "me", "love", "call", "tonight", "please"];
        _records = Enumerable.Range(0, Events).Select(i =>
        {
            var locator = $"sms[{i}] line {i + 3}";
            return (EvidenceRecord)new EventRecord(new CommunicationEvent
            {
                Id = EventIds.For(Sha, locator),
                Kind = EventKind.Message,
                Channel = "sms",
                Direction = Direction.Incoming,
                Time = EventTime.FromExplicit(DateTimeOffset.UnixEpoch.AddYears(54).AddSeconds(i * 37)),
                From = "tel:+4477009" + (i % 500).ToString("00000", System.Globalization.CultureInfo.InvariantCulture),
                To = ["tel:+447700900123"],
                Text = string.Join(' ', Enumerable.Range(0, 8 + (i % 10)).Select(_ => random.Pick(words))),
                Source = new SourceRef(Sha, "sms.xml", "sms-backup-xml", locator),
            });
        }).ToList();
    }

    [IterationSetup]
    public void FreshCase() => _dir = Path.Combine(Path.GetTempPath(), "ep-bench-" + Guid.NewGuid().ToString("N"));

    [IterationCleanup]
    public void DeleteCase() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public async Task<int> WriteIndexedEvents()
    {
        using var store = CaseStore.Open(_dir, create: true);
        using var writer = new SqliteCaseWriter(store);
        var info = new SourceInfo("/bench/sms.xml", "sms.xml", 1, Sha, "sms-backup-xml");
        var added = 0;
        await writer.WriteBatchAsync([new SourceStarted(info)], CancellationToken.None);
        for (var i = 0; i < _records.Count; i += BatchSize)
        {
            var chunk = _records.GetRange(i, Math.Min(BatchSize, _records.Count - i));
            added += await writer.WriteBatchAsync([new RecordBatch(info, chunk)], CancellationToken.None);
        }

        return added;
    }

    [Benchmark]
    public async Task<int> WriteAndIndexEvents()
    {
        using var store = CaseStore.Open(_dir, create: true);
        using var index = CaseIndex.Open(store, verifyCount: true, _ => { }, CancellationToken.None);
        var feed = new IndexFeed(index);
        var added = 0;
        using (var writer = new SqliteCaseWriter(store, sink: feed))
        {
            var info = new SourceInfo("/bench/sms.xml", "sms.xml", 1, Sha, "sms-backup-xml");
            await writer.WriteBatchAsync([new SourceStarted(info)], CancellationToken.None);
            for (var i = 0; i < _records.Count; i += BatchSize)
            {
                var chunk = _records.GetRange(i, Math.Min(BatchSize, _records.Count - i));
                added += await writer.WriteBatchAsync([new RecordBatch(info, chunk)], CancellationToken.None);
            }
        }

        await feed.CompleteAsync();
        return added;
    }
}
