using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>A hit as a page orders it: higher score first, then lower order value (<see cref="NewestFirstComparer.Order"/>), then lower document id.</summary>
internal readonly record struct RankedHit(float Score, long Order, int Doc)
{
    /// <summary>
    /// The order Lucene's TopFieldCollector gives with <c>Sort(score, key)</c> or <c>Sort(key)</c> (where every
    /// score is equal): each sort field in turn, ties by document id ascending (FieldValueHitQueue.LessThan).
    /// A total order, so the page does not depend on the order hits are offered in.
    /// </summary>
    public bool IsBetterThan(in RankedHit other) =>
        Score != other.Score ? Score > other.Score : Order != other.Order ? Order < other.Order : Doc < other.Doc;
}

/// <summary>The best <c>capacity</c> hits offered so far: a binary heap with the worst of them at the root.</summary>
internal sealed class BestHits(int capacity)
{
    private readonly RankedHit[] _heap = new RankedHit[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == _heap.Length && Count > 0;

    /// <summary>The worst hit kept; meaningful once something was offered.</summary>
    public RankedHit Worst => _heap[0];

    public void Offer(in RankedHit hit)
    {
        if (Count < _heap.Length)
        {
            _heap[Count] = hit;
            Up(Count++);
        }
        else if (Count > 0 && hit.IsBetterThan(_heap[0]))
        {
            _heap[0] = hit;
            Down(0);
        }
    }

    /// <summary>The hits kept, best first, as Lucene score docs (the score of a time-sorted page is NaN, as Lucene leaves it).</summary>
    public ScoreDoc[] Sorted(bool scored)
    {
        var hits = _heap[..Count];
        Array.Sort(hits, static (a, b) => a.IsBetterThan(b) ? -1 : b.IsBetterThan(a) ? 1 : 0);
        return Array.ConvertAll(hits, h => new ScoreDoc(h.Doc, scored ? h.Score : float.NaN));
    }

    private void Up(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!_heap[parent].IsBetterThan(_heap[i]))
            {
                return;
            }

            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < Count && _heap[worst].IsBetterThan(_heap[left]))
            {
                worst = left;
            }

            if (right < Count && _heap[worst].IsBetterThan(_heap[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
            i = worst;
        }
    }
}
