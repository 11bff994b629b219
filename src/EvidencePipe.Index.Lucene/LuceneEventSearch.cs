using EvidencePipe.Search;
using EvidencePipe.Store.Sqlite;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// <see cref="IEventSearch"/> over a case's Lucene index: the query finds and orders documents, whose
/// row ids read the events back from the store. Newest first (the default) and oldest first sort on
/// the time doc values with ties broken by event id, as the store orders events; relevance is BM25
/// (Lucene's BM25Similarity, as FTS5's bm25()), ties newest first. The total is exact. The page and total
/// are exactly those of Lucene's full sort of every hit, found with less work (<see cref="SearchPage"/>).
/// </summary>
public sealed class LuceneEventSearch : IEventSearch, IDisposable
{
    private readonly CaseAnalyzer _analyzer;
    private readonly Func<IReadOnlyList<long>, IReadOnlyList<StoredEvent>> _readByRowIds;
    private readonly IndexReader _reader;
    private readonly IndexSearcher _searcher;

    public LuceneEventSearch(CaseIndex index)
        : this(index.OpenReader(), index.Analyzer, rowIds => EventQueries.ReadByRowIds(index.Store, rowIds))
    {
    }

    /// <summary>Over any reader of event documents (a lab case's jobs together: <see cref="IndexSet"/>); takes ownership of <paramref name="reader"/>.</summary>
    internal LuceneEventSearch(IndexReader reader, CaseAnalyzer analyzer, Func<IReadOnlyList<long>, IReadOnlyList<StoredEvent>> readByRowIds)
    {
        _analyzer = analyzer;
        _readByRowIds = readByRowIds;
        _reader = reader;
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public SearchResult Search(SearchRequest request, CancellationToken cancellationToken)
    {
        var query = QueryPruner.Prune(new QueryCompiler(_analyzer).Compile(request.Query), _reader);
        var (total, page) = SearchPage.Find(_searcher, query, request.Limit, request.Sort, cancellationToken);
        if (request.Limit <= 0)
        {
            return new SearchResult(total, []);
        }

        var relevance = request.Sort == SearchSort.Relevance;
        var rowIds = new List<long>(page.Length);
        var scores = new Dictionary<long, float>();
        foreach (var hit in page)
        {
            var rowid = _searcher.Doc(hit.Doc, RowIdOnly).GetField(EventFields.RowId).GetInt64Value() ?? 0;
            rowIds.Add(rowid);
            scores[rowid] = hit.Score;
        }

        var snippets = new SnippetMaker(_analyzer, request.Query);
        var hits = _readByRowIds(rowIds)
            .Select(s => new SearchHit(s.Event, snippets.Make(s.Event.Text ?? s.Event.Subject)) { Score = relevance ? scores[s.RowId] : 0 })
            .ToList();
        return new SearchResult(total, hits);
    }

    /// <summary>UTC hour start (Unix ms) → hits of <paramref name="query"/> in that hour, over every hit (<see cref="HitHistogram"/>).</summary>
    public IReadOnlyDictionary<long, long> HitsPerHour(QueryNode query, CancellationToken cancellationToken) =>
        HitHistogram.PerHour(_searcher, _analyzer, query, cancellationToken);

    private static readonly ISet<string> RowIdOnly = new HashSet<string>(StringComparer.Ordinal) { EventFields.RowId };

    public void Dispose() => _reader.Dispose();
}
