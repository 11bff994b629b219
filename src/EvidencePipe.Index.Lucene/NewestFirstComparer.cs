using Lucene.Net.Index;
using Lucene.Net.Search;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// Orders documents newest first with ties by id ascending (the store's <c>time_ms DESC, id</c>) from the one
/// <see cref="EventFields.SortKey"/>: a reversed numeric sort would reverse the id tie-break too, so the
/// time part is flipped and the id part kept before comparing. Reads the keys held in memory (<see cref="SortKeys"/>).
/// </summary>
internal sealed class NewestFirstComparer(int slots, bool newest) : FieldComparer<J2N.Numerics.Int64>
{
    private readonly long[] _values = new long[slots];
    private long[] _current = [];
    private long _bottom;
    private long _top;

    public static FieldComparerSource Source { get; } = new ComparerSource(newest: true);

    /// <summary>Oldest first: the key as it is (time, then id, ascending).</summary>
    public static FieldComparerSource OldestSource { get; } = new ComparerSource(newest: false);

    /// <summary>
    /// The number whose ascending order is the requested order of <paramref name="key"/>: newest first flips the
    /// time part and keeps the id part; oldest first is the key itself.
    /// </summary>
    internal static long Order(long key, bool newest)
    {
        if (!newest)
        {
            return key;
        }

        var time = key >> EventFields.IdBits;
        var id = key & ((1L << EventFields.IdBits) - 1);
        return ((EventFields.MaxTimePart - time) << EventFields.IdBits) | id;
    }

    private long Value(int doc) => Order(_current[doc], newest);

    public override int Compare(int slot1, int slot2) => _values[slot1].CompareTo(_values[slot2]);

    public override void SetBottom(int slot) => _bottom = _values[slot];

    public override void SetTopValue(J2N.Numerics.Int64 value) => _top = value.ToInt64();

    public override int CompareBottom(int doc) => _bottom.CompareTo(Value(doc));

    public override int CompareTop(int doc) => _top.CompareTo(Value(doc));

    public override void Copy(int slot, int doc) => _values[slot] = Value(doc);

    public override FieldComparer SetNextReader(AtomicReaderContext context)
    {
        _current = SortKeys.Of(context.AtomicReader);
        return this;
    }

    public override J2N.Numerics.Int64 this[int slot] => J2N.Numerics.Int64.GetInstance(_values[slot]);

    private sealed class ComparerSource(bool newest) : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new NewestFirstComparer(numHits, newest);
    }
}
