using EvidencePipe.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// How many events a query matches in each UTC hour, over every hit (not a page): the web page's time histogram.
/// One pass over the matching documents reading each one's time from its in-memory sort key
/// (<see cref="SortKeys"/>, the norm of <see cref="EventFields.Meta"/>), so no event is read from the store.
/// Hours, not days: the caller folds them into days of the case's zone, exact for every zone whose offsets
/// are whole hours.
/// </summary>
public static class HitHistogram
{
    public const long HourMs = 3_600_000;

    /// <summary>UTC hour start (Unix ms) → hits in that hour.</summary>
    public static IReadOnlyDictionary<long, long> PerHour(CaseIndex index, QueryNode query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var reader = index.OpenReader();
        return PerHour(new IndexSearcher(reader), index.Analyzer, query, cancellationToken);
    }

    /// <summary>The same on a searcher already open (<see cref="LuceneEventSearch.HitsPerHour"/>).</summary>
    internal static IReadOnlyDictionary<long, long> PerHour(IndexSearcher searcher, CaseAnalyzer analyzer, QueryNode query, CancellationToken cancellationToken)
    {
        var compiled = QueryPruner.Prune(new QueryCompiler(analyzer).Compile(query), searcher.IndexReader);
        var collector = new HourCollector(cancellationToken);
        searcher.Search(compiled, collector);
        return collector.Hours;
    }

    private sealed class HourCollector(CancellationToken cancellationToken) : ICollector
    {
        private const long TimeOffset = 1L << 43; // EventFields.TimePart's offset
        private long[] _keys = [];
        private int _seen;

        public Dictionary<long, long> Hours { get; } = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _keys = SortKeys.Of(context.AtomicReader);

        public void Collect(int doc)
        {
            if ((++_seen & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var ms = (_keys[doc] >> EventFields.IdBits) - TimeOffset;
            var hour = Math.DivRem(ms, HourMs, out var rem) - (rem < 0 ? 1 : 0);
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Hours, hour * HourMs, out _);
            count++;
        }
    }
}
