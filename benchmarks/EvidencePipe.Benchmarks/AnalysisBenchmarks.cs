using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EvidencePipe.Analysis;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Application;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Scoring cost per million events on a synthetic case ingested by the real pipeline (no <c>--owner</c>,
/// as scripts/bench.sh ingests it, so the owner is inferred). <c>ScoreCase</c> is what <c>contacts</c>
/// does (CaseAnalysis.Run in the application layer): infer the owner from a narrow query of senders, build persons
/// from names and cards, stream the analysis columns of every event in time order (read ahead on
/// another thread) through <see cref="ContactAnalyzer"/>, whose memory does not grow with the case.
/// <c>AnalyzeEventsInMemory</c> is the analyzer alone over events already in memory, which separates the
/// store's read cost from the analysis.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerMillionConfig))]
public class AnalysisBenchmarks
{
    private CaseStore? _store;
    private List<CommunicationEvent> _events = [];
    private List<NameEvidence> _names = [];
    private List<CardEvidence> _cards = [];
    private IReadOnlySet<string> _owners = new HashSet<string>();
    private string _ownerBasis = string.Empty;

    /// <summary>
    /// 100k and 1M by default. A short job runs each size about eight times, so when scoring regresses
    /// (it once took 500 s at 1M: an O(n²) rate-ratio tail) pick smaller sizes with
    /// <c>EP_BENCH_ANALYSIS_EVENTS</c> (comma list, e.g. <c>10000,100000</c>).
    /// </summary>
    [ParamsSource(nameof(Sizes))]
    public int Events { get; set; }

    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("EP_BENCH_ANALYSIS_EVENTS") is { Length: > 0 } list
            ? list.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))
            : [100_000, 1_000_000];

    [GlobalSetup(Target = nameof(ScoreCase))]
    public void SetupFromStore() => _store = CaseStore.Open(SyntheticCase.Get(Events), create: false);

    // Only the in-memory benchmark holds every event in memory, so the store benchmark's GC figures stay its own.
    [GlobalSetup(Target = nameof(AnalyzeEventsInMemory))]
    public void SetupInMemory()
    {
        SetupFromStore();
        _events = EventQueries.ReadAllOrdered(_store!, CancellationToken.None).ToList();
        (_owners, _ownerBasis) = OwnerInference.Infer(_events);
        _names = PersonQueries.Names(_store!).Select(n => new NameEvidence(n.Identifier, n.Name, n.Basis)).ToList();
        _cards = PersonQueries.Cards(_store!).Select(c => new CardEvidence(c.Name, c.Identifiers, c.Source)).ToList();
        Console.WriteLine($"// {_events.Count} events in memory; owner {string.Join(", ", _owners)} ({_ownerBasis})");
    }

    [GlobalCleanup]
    public void Cleanup() => _store?.Dispose();

    /// <summary>Returns the number of ranked contacts.</summary>
    [Benchmark]
    public int ScoreCase()
    {
        // No owners in the settings, as scripts/bench.sh ingests the case: the owner is inferred.
        return CaseAnalysis.Run(_store!, CaseSettings.Default, [], [], CaseAnalysis.LoadLexicon(null), CancellationToken.None).Contacts.Count;
    }

    [Benchmark]
    public int AnalyzeEventsInMemory()
    {
        var persons = new PersonDirectory(_names, _cards, [], _owners);
        var analyzer = new ContactAnalyzer(CaseSettings.Default.TimeZone, CaseSettings.Default.Region, Array.Empty<ProtectiveOrder>());
        return analyzer.Analyze(_events, persons, _ownerBasis).Contacts.Count;
    }

    private sealed class PerMillionConfig : ManualConfig
    {
        public PerMillionConfig()
        {
            AddColumn(new DerivedColumn("s per 1M events", "mean time scaled to one million events (Events parameter)", "F2",
                (c, s) => DerivedColumn.Events(c) is { } n ? s * 1e6 / n : null));
            AddColumn(new DerivedColumn("events/s", "events analysed per second of mean time", "N0",
                (c, s) => DerivedColumn.Events(c) is { } n ? n / s : null));
        }
    }
}
