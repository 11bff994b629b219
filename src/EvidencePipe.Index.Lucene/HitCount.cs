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
        var inner = query is ConstantScoreQuery { Query: { } wrapped } ? wrapped : query;
        if (inner is TermQuery term && !reader.HasDeletions)
        {
            return reader.DocFreq(term.Term);
        }

        var counter = new TotalHitCountCollector();
        searcher.Search(query, counter);
        return counter.TotalHits;
    }
}
