using BenchmarkDotNet.Attributes;
using EvidencePipe.Identifiers;
using EvidencePipe.Index.Lucene;
using EvidencePipe.Search;
using EvidencePipe.Time;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace EvidencePipe.Benchmarks;

/// <summary>
/// The Lucene part of one page of 25 (total and documents; no store read, no snippets): Lucene's full sort of
/// every hit (<see cref="FullSort"/>, the baseline: what LuceneEventSearch did before issue 12 item 5) against
/// <see cref="SearchPage"/> (pruned query, counted total, runs of documents newest first, score-only relevance
/// pass), which returns the same page. 100k and 1M: synthetic cases built as <see cref="SyntheticCase"/> does;
/// 10M: the case directory in <c>EVIDENCEPIPE_BENCH_10M</c> (e.g. the one <c>scripts/bench-serve.sh --case DIR
/// --events 10M</c> keeps), whose index alone is opened, read-only: nothing is written to that case.
/// On a shared machine read the Ratio column, not the times.
/// Run: dotnet run -c Release --project benchmarks/EvidencePipe.Benchmarks -- --filter '*SearchPageBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class SearchPageBenchmarks
{
    private const int Limit = 25;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;
    private Query? _query;
    private Query? _pruned;

    [Params(100_000, 1_000_000, 10_000_000)]
    public int Events { get; set; }

    [Params("you", "hous* OR answer")]
    public string Query { get; set; } = "you";

    [Params(SearchSort.Time, SearchSort.Oldest, SearchSort.Relevance)]
    public SearchSort Sort { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var caseDir = Events >= 10_000_000
            ? Environment.GetEnvironmentVariable("EVIDENCEPIPE_BENCH_10M") ?? throw new InvalidOperationException("set EVIDENCEPIPE_BENCH_10M to a 10M-event case directory (scripts/bench-serve.sh --events 10M --case DIR builds one)")
            : SyntheticCase.Get(Events);
        _reader = DirectoryReader.Open(new NIOFSDirectory(new DirectoryInfo(Path.Combine(caseDir, CaseIndex.FolderName))));
        var analyzer = new CaseAnalyzer(null);
        if (_reader.IndexCommit.UserData.TryGetValue("analysis", out var analysis) && analysis != analyzer.Key)
        {
            throw new InvalidOperationException($"the case's index was made with analysis '{analysis}', this benchmark searches with '{analyzer.Key}'");
        }

        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _query = new QueryCompiler(analyzer).Compile(new QueryParser(CaseTimeZone.Default, PhoneRegion.Default).Parse(Query));
        _pruned = QueryPruner.Prune(_query, _reader);
        // Equal results are the point; the tests prove them, this checks the benchmarked case too.
        var full = _searcher.Search(_query, null, Limit, SearchPage.FullSort(Sort), doDocScores: Sort == SearchSort.Relevance, doMaxScore: false);
        var (total, page) = SearchPage.Find(_searcher, _pruned, Limit, Sort, CancellationToken.None);
        if (total != full.TotalHits || !page.Select(d => (d.Doc, Sort == SearchSort.Relevance ? d.Score : 0)).SequenceEqual(full.ScoreDocs.Select(d => (d.Doc, Sort == SearchSort.Relevance ? d.Score : 0))))
        {
            throw new InvalidOperationException($"'{Query}' {Sort}: the page differs from the full sort's");
        }

        Console.WriteLine($"// {Events} events, '{Query}' {Sort}: {total} hits, the same page as the full sort");
    }

    [GlobalCleanup]
    public void Cleanup() => _reader?.Dispose();

    [Benchmark(Baseline = true)]
    public int FullSort()
    {
        var top = _searcher!.Search(_query!, null, Limit, SearchPage.FullSort(Sort), doDocScores: Sort == SearchSort.Relevance, doMaxScore: false);
        return top.TotalHits;
    }

    [Benchmark]
    public int Page() => SearchPage.Find(_searcher!, _pruned!, Limit, Sort, CancellationToken.None).Total;
}
