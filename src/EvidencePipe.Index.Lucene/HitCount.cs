using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The exact number of documents a query matches. A single term over an index without deletions is its
/// document frequency, read from the term dictionary without touching a posting (issue 12: "exact counts from
/// postings where a query is one term"); anything else is counted by visiting its matches, without scoring
/// or sorting them (Lucene's TotalHitCountCollector).
/// </summary>
internal static class HitCount
{
    public static int Count(IndexSearcher searcher, Query query)
    {
        var reader = searcher.IndexReader;
        if (Matching(query) is TermQuery term && !reader.HasDeletions)
        {
            return reader.DocFreq(term.Term);
        }

        var counter = new TotalHitCountCollector();
        searcher.Search(query, counter);
        return counter.TotalHits;
    }

    /// <summary>
    /// The query that decides which documents match, under wrappers that do not change them: a constant score,
    /// a Boolean query of one clause that is not excluded (a word no name holds, once pruned: <see cref="QueryPruner"/>).
    /// </summary>
    private static Query Matching(Query query)
    {
        while (true)
        {
            switch (query)
            {
                case ConstantScoreQuery { Query: { } wrapped }:
                    query = wrapped;
                    break;
                case BooleanQuery { Clauses.Count: 1, MinimumNumberShouldMatch: 0 } single when single.Clauses[0].Occur != Occur.MUST_NOT:
                    query = single.Clauses[0].Query;
                    break;
                default:
                    return query;
            }
        }
    }
}
