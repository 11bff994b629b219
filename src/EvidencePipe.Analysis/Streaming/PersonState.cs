using EvidencePipe.Analysis.Chronology;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;

namespace EvidencePipe.Analysis.Streaming;

/// <summary>
/// Everything the indicators need about one counter-party person, updated event by event in time
/// order. Its size grows with the days and channels of contact, never with the number of events:
/// counters per (day, channel), the first event of each day, the first <see cref="Evidence.Cap"/>
/// events behind each indicator, and the contacts of the last 24 hours still waiting for a reply.
/// </summary>
internal sealed class PersonState(Person person, IReadOnlyList<(ProtectiveOrder Order, long StartMs, long EndMs)> orders, bool keepOccasions = false)
{
    private const long DayMs = 86_400_000L;
    private readonly Queue<(long Ms, string Id)> _pending = new();

    public Person Person { get; } = person;

    public int Events { get; private set; }

    public int Incoming { get; private set; }

    public int Outgoing { get; private set; }

    public long FirstMs { get; private set; } = long.MaxValue;

    public long LastMs { get; private set; } = long.MinValue;

    public (long Ms, string Id)? FirstIncoming { get; private set; }

    public (long Ms, string Id)? LastIncoming { get; private set; }

    /// <summary>(day number, channel) → [incoming, outgoing].</summary>
    public Dictionary<(int Day, string Channel), int[]> Daily { get; } = [];

    /// <summary>Day number → the first incoming contact that day (an occasion).</summary>
    public Dictionary<int, (long Ms, string Id)> Occasions { get; } = [];

    /// <summary>Channel → the first incoming contact on it.</summary>
    public Dictionary<string, (long Ms, string Id)> ChannelFirst { get; } = new(StringComparer.Ordinal);

    public Evidence Unanswered { get; } = new();

    /// <summary>Incoming contacts that were themselves a two-way exchange (answered calls): never "unanswered".</summary>
    public int Exchanges { get; private set; }

    public Evidence Night { get; } = new();

    public HitTally Threats { get; } = new();

    /// <summary>Threat phrases in messages that also carry a banter marker (laughing emoji, "lol", "jk").</summary>
    public HitTally BanterThreats { get; } = new();

    public HitTally Surveillance { get; } = new();

    public (long Ms, string Id, string Quote)? Refusal { get; private set; }

    public Evidence AfterRefusal { get; } = new();

    public (long Ms, string Id)? Block { get; private set; }

    public Evidence AfterBlock { get; } = new();

    public IReadOnlyList<(ProtectiveOrder Order, long StartMs, long EndMs)> Orders { get; } = orders;

    public Evidence[] Breaches { get; } = [.. orders.Select(_ => new Evidence())];

    public (long Ms, string Id)?[] BreachLast { get; } = new (long, string)?[orders.Count];

    /// <summary>Each day's contact in detail, for a chronology; null unless asked for.</summary>
    public OccasionLog? Log { get; } = keepOccasions ? new OccasionLog() : null;

    /// <summary>One contact with this person, already classified by the analyzer.</summary>
    public void Observe(in Contact c)
    {
        Events++;
        FirstMs = Math.Min(FirstMs, c.Ms);
        LastMs = Math.Max(LastMs, c.Ms);
        if (!Daily.TryGetValue((c.Day, c.Channel), out var cell))
        {
            Daily[(c.Day, c.Channel)] = cell = new int[2];
        }

        cell[c.Incoming ? 0 : 1]++;

        // Contacts more than 24 hours old with no reply are now unanswered for good.
        while (_pending.Count > 0 && _pending.Peek().Ms + DayMs < c.Ms)
        {
            var p = _pending.Dequeue();
            Unanswered.Add(p.Ms, p.Id);
        }

        if (!c.Incoming || c.Exchange)
        {
            // A reply (or a two-way call) answers everything still pending from before it.
            while (_pending.Count > 0 && _pending.Peek().Ms < c.Ms)
            {
                _pending.Dequeue();
            }
        }

        if (!c.Incoming)
        {
            Outgoing++;
            if (c.Refusal is { } quote && Refusal is null)
            {
                Refusal = (c.Ms, c.Id, quote);
            }

            return;
        }

        Incoming++;
        FirstIncoming ??= (c.Ms, c.Id);
        LastIncoming = (c.Ms, c.Id);
        Occasions.TryAdd(c.Day, (c.Ms, c.Id));
        ChannelFirst.TryAdd(c.Channel, (c.Ms, c.Id));
        if (c.Exchange)
        {
            Exchanges++;
        }
        else if (!c.Logged)
        {
            _pending.Enqueue((c.Ms, c.Id));
        }

        if (c.Hour < 6 && !c.Logged)
        {
            Night.Add(c.Ms, c.Id);
        }

        if (c.Threats is { Count: > 0 } threats)
        {
            (c.Banter ? BanterThreats : Threats).Add(c.Ms, c.Day, c.Id, threats);
        }

        if (c.Surveillance is { Count: > 0 } seen)
        {
            Surveillance.Add(c.Ms, c.Day, c.Id, seen);
        }

        if (Refusal is { } r && c.Ms > r.Ms)
        {
            AfterRefusal.Add(c.Ms, c.Id);
        }

        if (c.Blocked && Block is null)
        {
            Block = (c.Ms, c.Id);
        }

        if (Block is { } b && c.Ms >= b.Ms)
        {
            AfterBlock.Add(c.Ms, c.Id);
        }

        var breach = false;
        for (var i = 0; i < Orders.Count; i++)
        {
            if (c.Ms >= Orders[i].StartMs && c.Ms < Orders[i].EndMs)
            {
                Breaches[i].Add(c.Ms, c.Id);
                BreachLast[i] = (c.Ms, c.Id);
                breach = true;
            }
        }

        if (Log is { } log)
        {
            var flags = OccasionFlags.None;
            if (c.Threats is { Count: > 0 })
            {
                flags |= c.Banter ? OccasionFlags.ThreatBanter : OccasionFlags.Threat;
            }

            if (c.Surveillance is { Count: > 0 })
            {
                flags |= OccasionFlags.Surveillance;
            }

            if (breach)
            {
                flags |= OccasionFlags.Breach;
            }

            if (Refusal is { } refused && c.Ms > refused.Ms)
            {
                flags |= OccasionFlags.AfterRefusal;
            }

            if (Block is { } blockedAt && c.Ms >= blockedAt.Ms)
            {
                flags |= OccasionFlags.AfterBlock;
            }

            if (c.Logged)
            {
                flags |= OccasionFlags.Incident;
            }

            log.Add(c, flags);
        }
    }

    /// <summary>The end of the stream: contacts still waiting for a reply were never answered.</summary>
    public void Flush()
    {
        while (_pending.Count > 0)
        {
            var p = _pending.Dequeue();
            Unanswered.Add(p.Ms, p.Id);
        }
    }

    /// <summary>
    /// Folds in the state of an identifier found to be this person under another identity (an
    /// identity switch). Both are flushed first. Counts, days, channels, phrases and evidence add
    /// exactly; contact after this person's refusal or block counts all of the other identity's
    /// contact when it began after that refusal or block (the switch rule requires it to begin
    /// within 14 days after one), otherwise the other identity's own count.
    /// </summary>
    public void Merge(PersonState other)
    {
        Events += other.Events;
        Incoming += other.Incoming;
        Outgoing += other.Outgoing;
        Exchanges += other.Exchanges;
        FirstMs = Math.Min(FirstMs, other.FirstMs);
        LastMs = Math.Max(LastMs, other.LastMs);
        FirstIncoming = Earlier(FirstIncoming, other.FirstIncoming);
        LastIncoming = Later(LastIncoming, other.LastIncoming);
        foreach (var (key, cell) in other.Daily)
        {
            if (Daily.TryGetValue(key, out var mine))
            {
                mine[0] += cell[0];
                mine[1] += cell[1];
            }
            else
            {
                Daily[key] = [cell[0], cell[1]];
            }
        }

        foreach (var (day, first) in other.Occasions)
        {
            Occasions[day] = Earlier(Occasions.TryGetValue(day, out var o) ? o : null, first)!.Value;
        }

        foreach (var (channel, first) in other.ChannelFirst)
        {
            ChannelFirst[channel] = Earlier(ChannelFirst.TryGetValue(channel, out var o) ? o : null, first)!.Value;
        }

        if (other.Log is { } theirs)
        {
            // The person-level rule below: the other identity's contact counts as after this person's
            // refusal or block when it began after it.
            var extra = OccasionFlags.None;
            if (Refusal is { } refused && other.FirstIncoming is { } fr && fr.Ms > refused.Ms)
            {
                extra |= OccasionFlags.AfterRefusal;
            }

            if (Block is { } blockedAt && other.FirstIncoming is { } fb && fb.Ms >= blockedAt.Ms)
            {
                extra |= OccasionFlags.AfterBlock;
            }

            Log?.Merge(theirs, extra);
        }

        Unanswered.Merge(other.Unanswered);
        Night.Merge(other.Night);
        Threats.Merge(other.Threats);
        BanterThreats.Merge(other.BanterThreats);
        Surveillance.Merge(other.Surveillance);
        if (Refusal is { } r)
        {
            AfterRefusal.Merge(other.FirstIncoming is { } f && f.Ms > r.Ms ? AllIncomingOf(other) : other.AfterRefusal);
        }
        else
        {
            Refusal = other.Refusal;
            AfterRefusal.Merge(other.AfterRefusal);
        }

        if (Block is { } b)
        {
            AfterBlock.Merge(other.FirstIncoming is { } f && f.Ms >= b.Ms ? AllIncomingOf(other) : other.AfterBlock);
        }
        else
        {
            Block = other.Block;
            AfterBlock.Merge(other.AfterBlock);
        }
    }

    /// <summary>The other identity's incoming contacts as evidence: its days' first contacts stand for them, with its full count.</summary>
    private static Evidence AllIncomingOf(PersonState other)
    {
        var e = new Evidence();
        var listed = 0;
        foreach (var (_, first) in other.Occasions.OrderBy(o => o.Key))
        {
            e.Add(first.Ms, first.Id);
            listed++;
        }

        e.AddUnlisted(other.Incoming - listed);
        return e;
    }

    private static (long Ms, string Id)? Earlier((long Ms, string Id)? a, (long Ms, string Id)? b) =>
        a is null ? b : b is null ? a : b.Value.Ms < a.Value.Ms ? b : a;

    private static (long Ms, string Id)? Later((long Ms, string Id)? a, (long Ms, string Id)? b) =>
        a is null ? b : b is null ? a : b.Value.Ms > a.Value.Ms ? b : a;
}

/// <summary>One classified contact with a person, as <see cref="PersonState.Observe"/> takes it.</summary>
internal readonly record struct Contact(
    long Ms,
    int Day,
    int Hour,
    string Id,
    string Channel,
    bool Incoming,
    bool Exchange,
    bool Blocked,
    string? Refusal,
    IReadOnlyList<PhraseHitRef>? Threats,
    bool Banter,
    IReadOnlyList<PhraseHitRef>? Surveillance,
    bool Logged = false,
    string? Text = null);
