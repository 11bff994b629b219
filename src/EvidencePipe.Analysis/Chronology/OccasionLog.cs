using EvidencePipe.Analysis.Streaming;

namespace EvidencePipe.Analysis.Chronology;

/// <summary>
/// Per day of incoming contact from one person: how many, by which channels, the first words, the
/// flags and the first <see cref="ExhibitCap"/> events. Kept only when a chronology is asked for
/// (<see cref="ContactAnalyzer.KeepOccasions"/>); its size grows with days, not events.
/// </summary>
internal sealed class OccasionLog
{
    public const int ExhibitCap = 200;
    private const int FirstWordsChars = 160;
    private readonly Dictionary<int, Day> _days = [];

    public void Add(in Contact c, OccasionFlags flags)
    {
        if (!_days.TryGetValue(c.Day, out var day))
        {
            _days[c.Day] = day = new Day();
        }

        day.Count++;
        day.Channels[c.Channel] = day.Channels.GetValueOrDefault(c.Channel) + 1;
        day.Flags |= flags;
        if (day.FirstWords is null && !string.IsNullOrWhiteSpace(c.Text))
        {
            var text = c.Text.Trim();
            day.FirstWords = text.Length <= FirstWordsChars ? text : text[..FirstWordsChars] + "…";
        }

        if (day.Ids.Count < ExhibitCap)
        {
            day.Ids.Add((c.Ms, c.Id));
        }
    }

    /// <summary>Another identity's days folded in (an identity switch); <paramref name="extra"/> is added to every day taken over.</summary>
    public void Merge(OccasionLog other, OccasionFlags extra)
    {
        foreach (var (key, theirs) in other._days)
        {
            if (!_days.TryGetValue(key, out var mine))
            {
                _days[key] = mine = new Day();
            }

            mine.Count += theirs.Count;
            foreach (var (channel, n) in theirs.Channels)
            {
                mine.Channels[channel] = mine.Channels.GetValueOrDefault(channel) + n;
            }

            mine.Flags |= theirs.Flags | extra;
            mine.FirstWords ??= theirs.FirstWords;
            mine.Ids.AddRange(theirs.Ids);
            mine.Ids.Sort(static (a, b) => a.Ms != b.Ms ? a.Ms.CompareTo(b.Ms) : string.CompareOrdinal(a.Id, b.Id));
            if (mine.Ids.Count > ExhibitCap)
            {
                mine.Ids.RemoveRange(ExhibitCap, mine.Ids.Count - ExhibitCap);
            }
        }
    }

    /// <param name="banterIsThreat">Threat phrases in joking messages count as threats (the contact is not two-way).</param>
    public IReadOnlyList<Occasion> ToOccasions(bool banterIsThreat) =>
        [.. _days.OrderBy(d => d.Key).Select(d => new Occasion(
            DateOnly.FromDayNumber(d.Key),
            d.Value.Count,
            d.Value.Channels,
            d.Value.FirstWords,
            Names(d.Value.Flags, banterIsThreat),
            [.. d.Value.Ids.Select(i => i.Id)],
            d.Value.Count - d.Value.Ids.Count))];

    private static List<string> Names(OccasionFlags flags, bool banterIsThreat)
    {
        var names = new List<string>();
        if (flags.HasFlag(OccasionFlags.Threat) || (banterIsThreat && flags.HasFlag(OccasionFlags.ThreatBanter)))
        {
            names.Add("threat");
        }

        if (flags.HasFlag(OccasionFlags.Surveillance))
        {
            names.Add("surveillance");
        }

        if (flags.HasFlag(OccasionFlags.Breach))
        {
            names.Add("breach");
        }

        if (flags.HasFlag(OccasionFlags.AfterRefusal))
        {
            names.Add("after refusal");
        }

        if (flags.HasFlag(OccasionFlags.AfterBlock))
        {
            names.Add("after block");
        }

        if (flags.HasFlag(OccasionFlags.Incident))
        {
            names.Add("incident log");
        }

        return names;
    }

    private sealed class Day
    {
        public int Count { get; set; }

        public SortedDictionary<string, int> Channels { get; } = new(StringComparer.Ordinal);

        public OccasionFlags Flags { get; set; }

        public string? FirstWords { get; set; }

        public List<(long Ms, string Id)> Ids { get; } = [];
    }
}
