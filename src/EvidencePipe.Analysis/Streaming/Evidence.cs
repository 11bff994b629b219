namespace EvidencePipe.Analysis.Streaming;

/// <summary>
/// The first <see cref="Cap"/> events behind an indicator, in time order (the stream is time-ordered,
/// so appending keeps the order), and how many there were in all.
/// </summary>
internal sealed class Evidence
{
    public const int Cap = 500;
    private readonly List<(long Ms, string Id)> _items = [];

    public int Count { get; private set; }

    public IReadOnlyList<(long Ms, string Id)> Items => _items;

    public void Add(long ms, string id)
    {
        Count++;
        if (_items.Count < Cap && (_items.Count == 0 || _items[^1].Id != id))
        {
            _items.Add((ms, id));
        }
    }

    /// <summary>Counts further events that are not listed (their day's first event stands for them).</summary>
    public void AddUnlisted(int count) => Count += Math.Max(0, count);

    /// <summary>Another person's evidence folded in (an identity switch): counts add, the earliest <see cref="Cap"/> stay.</summary>
    public void Merge(Evidence other)
    {
        Count += other.Count;
        _items.AddRange(other._items);
        _items.Sort(static (a, b) => a.Ms != b.Ms ? a.Ms.CompareTo(b.Ms) : string.CompareOrdinal(a.Id, b.Id));
        if (_items.Count > Cap)
        {
            _items.RemoveRange(Cap, _items.Count - Cap);
        }
    }

    public IEnumerable<string> Ids => _items.Select(i => i.Id);
}

/// <summary>Phrase hits of one kind for one person: events, days, the first hit of each day, and the distinct phrases seen.</summary>
internal sealed class HitTally
{
    private const int ExampleCap = 50;

    public int Hits { get; private set; }

    public Evidence Events { get; } = new();

    /// <summary>Day number → the first hit that day (for markers and the s.4A occasion list).</summary>
    public SortedDictionary<int, (long Ms, string Id, string Matched)> Days { get; } = [];

    /// <summary>Folded phrase → as typed first, category, count (first <see cref="ExampleCap"/> distinct phrases).</summary>
    public Dictionary<string, (string Shown, string Category, int Count, long FirstMs)> Examples { get; } = new(StringComparer.Ordinal);

    public void Add(long ms, int day, string eventId, IReadOnlyList<PhraseHitRef> hits)
    {
        Events.Add(ms, eventId);
        foreach (var h in hits)
        {
            Hits++;
            Days.TryAdd(day, (ms, eventId, h.Matched));
            AddExample(h.Matched, h.Category, 1, ms);
        }
    }

    private void AddExample(string shown, string category, int count, long ms)
    {
        var key = shown.ToLowerInvariant();
        if (Examples.TryGetValue(key, out var e))
        {
            Examples[key] = e with { Count = e.Count + count, FirstMs = Math.Min(e.FirstMs, ms) };
        }
        else if (Examples.Count < ExampleCap)
        {
            Examples[key] = (shown, category, count, ms);
        }
    }

    public void Merge(HitTally other)
    {
        Hits += other.Hits;
        Events.Merge(other.Events);
        foreach (var (day, first) in other.Days)
        {
            if (!Days.TryGetValue(day, out var mine) || first.Ms < mine.Ms)
            {
                Days[day] = first;
            }
        }

        foreach (var e in other.Examples.Values)
        {
            AddExample(e.Shown, e.Category, e.Count, e.FirstMs);
        }
    }
}

/// <summary>A phrase hit as the state keeps it.</summary>
internal readonly record struct PhraseHitRef(string Category, string Matched);
