using BenchmarkDotNet.Attributes;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// Search latency (parse, count, first page of 50 newest first, snippets) on a synthetic case ingested
/// by the real pipeline, sized by <see cref="Events"/>. The queries are <see cref="SearchQueries.Defaults"/>;
/// the search-latency tool (Program.cs) runs the same ones for p95/p99, which BenchmarkDotNet does not
/// report well. Targets (issue 7, at 10M events): selective/phrase/field p99 ≤ 50 ms, common term ≤ 100 ms.
/// </summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private SearchSession? _session;

    [Params(100_000, 1_000_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = new SearchSession(SyntheticCase.Get(Events));
        foreach (var q in SearchQueries.Defaults)
        {
            Console.WriteLine($"// {q.Name} [{q.Text}]: {_session.Run(q.Text).Total} hits");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _session?.Dispose();

    [Benchmark]
    public long SelectiveTerm() => Run(0);

    [Benchmark]
    public long Phrase() => Run(1);

    [Benchmark]
    public long FromField() => Run(2);

    [Benchmark]
    public long AndOfTwoTerms() => Run(3);

    [Benchmark]
    public long Prefix() => Run(4);

    [Benchmark]
    public long ChannelAndDateRange() => Run(5);

    [Benchmark]
    public long CommonTermNewestFirst() => Run(6);

    // The query classes the Lucene index added (issue 12).
    [Benchmark]
    public long Fuzzy() => _session!.Run("thnk~").Total;

    [Benchmark]
    public long Proximity() => _session!.Run("\"outside house\"~2").Total;

    [Benchmark]
    public long KindDirectionAttachment() => _session!.Run("kind:message direction:incoming has:attachment").Total;

    private long Run(int query) => _session!.Run(SearchQueries.Defaults[query].Text).Total;
}
