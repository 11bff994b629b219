using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The first hits newest first (or oldest first) without visiting every hit (issue 12, "Speed"). Lucene.Net 4.8
/// has no index sorting, so a full sort reads the key of every match (4.4M for a common word at 10M events).
/// Instead the runs of documents (<see cref="SortKeyBlocks"/>) are visited best bound first, in rounds of
/// doubling size, one scorer per segment per round advancing through that round's runs in id order; a run
/// whose best possible position is behind the page's worst hit, once the page is full, is skipped, and the
/// search stops when no run left can beat it. The page is exactly the full sort's (same documents, same order,
/// ties by document id: <see cref="RankedHit"/>): every skipped document is strictly behind the page.
/// </summary>
internal static class TimeOrderedPage
{
    /// <summary>Runs visited in the first round; each further round visits twice as many.</summary>
    private const int FirstRound = 8;

    public static ScoreDoc[] Find(IndexSearcher searcher, Query query, int capacity, bool newest, int blockSize, CancellationToken cancellationToken)
    {
        var best = new BestHits(capacity);
        if (capacity == 0)
        {
            return [];
        }

        var weight = searcher.CreateNormalizedWeight(query);
        var leaves = searcher.IndexReader.Leaves;
        var runs = Runs(searcher.IndexReader, blockSize, newest);
        var next = 0;
        var round = FirstRound;
        var chosen = new List<(int Leaf, int Block, long Bound)>();
        while (next < runs.Length && !CannotBeat(best, runs[next].Bound))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = (int)Math.Min(runs.Length, (long)next + round);
            chosen.Clear();
            for (var i = next; i < end; i++)
            {
                chosen.Add((runs[i].Leaf, runs[i].Block, runs[i].Bound));
            }

            chosen.Sort();
            for (var i = 0; i < chosen.Count;)
            {
                var leaf = chosen[i].Leaf;
                var context = leaves[leaf];
                var reader = context.AtomicReader;
                var scorer = weight.GetScorer(context, reader.LiveDocs);
                var keys = SortKeys.Of(reader);
                var doc = -1;
                for (; i < chosen.Count && chosen[i].Leaf == leaf; i++)
                {
                    if (scorer is null || CannotBeat(best, chosen[i].Bound))
                    {
                        continue;
                    }

                    var start = chosen[i].Block * blockSize;
                    var stop = Math.Min(reader.MaxDoc, start + blockSize);
                    if (doc < start)
                    {
                        doc = scorer.Advance(start);
                    }

                    for (; doc < stop; doc = scorer.NextDoc())
                    {
                        best.Offer(new RankedHit(0, NewestFirstComparer.Order(keys[doc], newest), context.DocBase + doc));
                    }
                }
            }

            next = end;
            round = (int)Math.Min(int.MaxValue, 2L * round);
        }

        return best.Sorted(scored: false);
    }

    private static readonly ConditionalWeakTable<IndexReader, ConcurrentDictionary<(int Size, bool Newest), (long Bound, int Leaf, int Block)[]>> RunCache = [];

    /// <summary>Every run of the reader, best bound first (ties by segment and run), sorted once per reader, size and direction.</summary>
    private static (long Bound, int Leaf, int Block)[] Runs(IndexReader reader, int blockSize, bool newest) =>
        RunCache.GetValue(reader, _ => new()).GetOrAdd((blockSize, newest), _ =>
        {
            var leaves = reader.Leaves;
            var runs = new List<(long Bound, int Leaf, int Block)>();
            for (var leaf = 0; leaf < leaves.Count; leaf++)
            {
                var blocks = SortKeyBlocks.Of(leaves[leaf].AtomicReader, blockSize);
                var bounds = newest ? blocks.Newest : blocks.Oldest;
                for (var b = 0; b < bounds.Length; b++)
                {
                    runs.Add((bounds[b], leaf, b));
                }
            }

            var sorted = runs.ToArray();
            Array.Sort(sorted);
            return sorted;
        });

    /// <summary>True when the page is full and a document whose order value is at least <paramref name="bound"/> comes after all of it.</summary>
    private static bool CannotBeat(BestHits best, long bound) => best.IsFull && bound > best.Worst.Order;
}
