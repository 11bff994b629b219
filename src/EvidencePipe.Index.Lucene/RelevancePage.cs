using Lucene.Net.Index;
using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The first hits by BM25 score, ties newest first then by document id — what Lucene's TopFieldCollector gives
/// with <c>Sort(score, newest key)</c> — counting every hit. Every hit must be scored, but most are dismissed
/// by one comparison of their score with the page's worst, without the per-hit calls through the field
/// comparers (RelevanceComparer, then the key comparer on ties) and the score-caching scorer that collector makes.
/// </summary>
internal static class RelevancePage
{
    public static (int Total, ScoreDoc[] Page) Find(IndexSearcher searcher, Query query, int capacity, CancellationToken cancellationToken)
    {
        // The same scorer as Lucene's own search picks (TopFieldCollector.Create is told !ScoresDocsOutOfOrder),
        // so every hit gets exactly the score it gets there.
        var outOfOrder = searcher.CreateNormalizedWeight(query).ScoresDocsOutOfOrder;
        var collector = new Collector(new BestHits(capacity), outOfOrder, cancellationToken);
        searcher.Search(query, collector);
        return (collector.Total, collector.Best.Sorted(scored: true));
    }

    private sealed class Collector(BestHits best, bool outOfOrder, CancellationToken cancellationToken) : ICollector
    {
        private Scorer? _scorer;
        private long[] _keys = [];
        private int _docBase;
        private float _worstScore = float.NegativeInfinity;

        public BestHits Best => best;

        public int Total { get; private set; }

        public bool AcceptsDocsOutOfOrder => outOfOrder;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            _keys = SortKeys.Of(context.AtomicReader);
            _docBase = context.DocBase;
        }

        public void Collect(int doc)
        {
            if ((++Total & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var score = _scorer!.GetScore();
            if (score < _worstScore)
            {
                return;
            }

            best.Offer(new RankedHit(score, NewestFirstComparer.Order(_keys[doc], newest: true), _docBase + doc));
            if (best.IsFull)
            {
                _worstScore = best.Worst.Score;
            }
        }
    }
}
