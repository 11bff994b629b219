using EvidencePipe.Search;
using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The total and the first hits of a query in a <see cref="SearchSort"/> order: exactly what Lucene's full sort
/// gives (<see cref="FullSort"/>: same documents, same order, same scores, same total — held to it by
/// SearchPageTests), with less work. The total is counted on its own (<see cref="HitCount"/>: a single term's is
/// its document frequency); a time-ordered page of a query with many hits is found by visiting the newest
/// (oldest) runs of documents first (<see cref="TimeOrderedPage"/>), one with few hits by the full sort; a
/// relevance page in one pass that compares scores only, until a tie (<see cref="RelevancePage"/>).
/// </summary>
internal static class SearchPage
{
    /// <summary>
    /// Below this many hits a time-ordered page is Lucene's full sort: reading every hit's key is then cheaper
    /// than visiting runs of documents (at worst every run, when the page cannot be filled).
    /// </summary>
    public const int FullSortBelow = 20_000;

    public static (int Total, ScoreDoc[] Page) Find(IndexSearcher searcher, Query query, int limit, SearchSort sort, CancellationToken cancellationToken) =>
        Find(searcher, query, limit, sort, SortKeyBlocks.DefaultSize, FullSortBelow, cancellationToken);

    /// <summary>The same with the run size and the full-sort threshold chosen (tests make both small).</summary>
    internal static (int Total, ScoreDoc[] Page) Find(IndexSearcher searcher, Query query, int limit, SearchSort sort, int blockSize, int fullSortBelow, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return (HitCount.Count(searcher, query), []);
        }

        // As IndexSearcher does: no page is longer than the index.
        var capacity = Math.Min(limit, Math.Max(1, searcher.IndexReader.MaxDoc));
        if (sort == SearchSort.Relevance)
        {
            return RelevancePage.Find(searcher, query, capacity, cancellationToken);
        }

        var total = HitCount.Count(searcher, query);
        cancellationToken.ThrowIfCancellationRequested();
        if (total < fullSortBelow)
        {
            return (total, searcher.Search(query, null, capacity, FullSort(sort), doDocScores: false, doMaxScore: false).ScoreDocs);
        }

        return (total, TimeOrderedPage.Find(searcher, query, Math.Min(capacity, total), sort == SearchSort.Time, blockSize, cancellationToken));
    }

    /// <summary>Lucene's sort for <paramref name="sort"/> over every hit: the reference the faster paths are held to.</summary>
    public static Sort FullSort(SearchSort sort) => sort switch
    {
        SearchSort.Oldest => new Sort(new SortField(EventFields.SortKey, NewestFirstComparer.OldestSource)),
        SearchSort.Relevance => new Sort(SortField.FIELD_SCORE, new SortField(EventFields.SortKey, NewestFirstComparer.Source)),
        _ => new Sort(new SortField(EventFields.SortKey, NewestFirstComparer.Source)),
    };
}
