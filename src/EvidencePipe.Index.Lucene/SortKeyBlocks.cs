using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// A segment's documents in runs of <see cref="Size"/> consecutive ids, each with the best position any of its
/// documents can take newest first and oldest first (the least <see cref="NewestFirstComparer.Order"/> of its
/// sort keys). Lucene.Net 4.8 cannot sort an index by time, but an ingest writes a source's events together
/// and sources are mostly in time order, so a run of ids spans little time: a page of the newest hits needs
/// only the runs that can still beat it (<see cref="TimeOrderedPage"/>). Read once per segment core, from the
/// in-memory keys (<see cref="SortKeys"/>); two longs per run.
/// </summary>
internal sealed class SortKeyBlocks
{
    /// <summary>
    /// Documents per run. On the 10M-event serve case a newest-first page of 25 "you" (4.4M hits) needs 3 runs
    /// of 1024 out of 9,778; pages with runs of 256, 1024 and 4096 all took 2–9 ms of CPU there (within the noise
    /// of a shared machine, against 86–130 ms for the full sort), so the middle one.
    /// </summary>
    public const int DefaultSize = 1024;

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<int, SortKeyBlocks>> Cache = [];

    private SortKeyBlocks(int size, long[] newest, long[] oldest, long[] greatest)
    {
        Size = size;
        Newest = newest;
        Oldest = oldest;
        Greatest = greatest;
    }

    public int Size { get; }

    /// <summary>Per run: the least newest-first order value of its documents (<see cref="NewestFirstComparer.Order"/>).</summary>
    public long[] Newest { get; }

    /// <summary>Per run: the least sort key of its documents (oldest first).</summary>
    public long[] Oldest { get; }

    /// <summary>Per run: the greatest sort key of its documents; with <see cref="Oldest"/>, the span of time the run covers.</summary>
    public long[] Greatest { get; }

    /// <summary>True when no document of run <paramref name="block"/> can have a key in [<paramref name="lower"/>, <paramref name="upper"/>).</summary>
    public bool Outside(int block, long lower, long upper) => Greatest[block] < lower || Oldest[block] >= upper;

    public static SortKeyBlocks Of(AtomicReader reader, int size) =>
        Cache.GetValue(reader.CoreCacheKey, _ => new()).GetOrAdd(size, s => Load(reader, s));

    private static SortKeyBlocks Load(AtomicReader reader, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var keys = SortKeys.Of(reader);
        var count = (keys.Length + size - 1) / size;
        var newest = new long[count];
        var oldest = new long[count];
        var greatest = new long[count];
        for (var b = 0; b < count; b++)
        {
            long bestNewest = long.MaxValue, bestOldest = long.MaxValue, max = long.MinValue;
            var end = Math.Min(keys.Length, (b + 1) * size);
            for (var doc = b * size; doc < end; doc++)
            {
                bestNewest = Math.Min(bestNewest, NewestFirstComparer.Order(keys[doc], newest: true));
                bestOldest = Math.Min(bestOldest, keys[doc]);
                max = Math.Max(max, keys[doc]);
            }

            newest[b] = bestNewest;
            oldest[b] = bestOldest;
            greatest[b] = max;
        }

        return new SortKeyBlocks(size, newest, oldest, greatest);
    }
}
