using System.Globalization;
using System.Text.RegularExpressions;
using EvidencePipe.Analysis.Lexicon;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Analysis.Scoring;
using EvidencePipe.Analysis.Statistics;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis;

/// <summary>
/// Per counter-party person, over the device owner's events (DESIGN.md "Analysis"): frequency,
/// course of conduct, persistence, rate escalation with its onset, repertoire, threats,
/// surveillance language, contact after refusal or block, identity switching, night-time share and
/// order breaches. Every indicator that fires carries its rule, value, reason and evidence ids.
/// One streaming pass keeps only a compact record per counter-party event.
/// </summary>
public sealed partial class ContactAnalyzer
{
    private const long DayMs = 86_400_000L;
    private const int EvidenceCap = 500;
    private readonly CaseTimeZone _zone;
    private readonly PhoneRegion _region;
    private readonly IReadOnlyList<ProtectiveOrder> _orders;

    public ContactAnalyzer(CaseTimeZone zone, PhoneRegion region, IReadOnlyList<ProtectiveOrder> orders)
    {
        _zone = zone;
        _region = region;
        _orders = orders;
    }

    private enum Mark : byte
    {
        None = 0,
        Threat = 1,
        Surveillance = 2,
        Refusal = 4,
        Block = 8,
    }

    private readonly record struct Contact(long TimeMs, bool Incoming, string Channel, string Id, Mark Marks);

    private sealed class Accumulator
    {
        public List<Contact> Contacts { get; } = [];
        public List<(string EventId, PhraseHit Hit, long TimeMs)> Hits { get; } = [];
        public List<(string Claim, string EventId)> SelfIdentifications { get; } = [];
    }

    public AnalysisResult Analyze(IEnumerable<CommunicationEvent> events, PersonDirectory persons, string ownerBasis)
    {
        var byIdentifier = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        long lastMs = long.MinValue;
        foreach (var e in events)
        {
            lastMs = Math.Max(lastMs, e.Time.UnixMilliseconds);
            var direction = e.Direction;
            if (direction == Direction.Unknown && e.From is not null)
            {
                direction = persons.IsOwner(e.From) ? Direction.Outgoing : Direction.Incoming;
            }

            if (direction == Direction.Unknown)
            {
                continue;
            }

            var text = e.Text ?? e.Subject;
            var marks = Mark.None;
            List<PhraseHit>? hits = null;
            if (direction == Direction.Incoming)
            {
                hits = [.. PhraseLexicon.Match(PhraseLexicon.Threats, text), .. PhraseLexicon.Match(PhraseLexicon.Surveillance, text)];
                marks |= hits.Any(h => h.RuleId.StartsWith("threat", StringComparison.Ordinal)) ? Mark.Threat : Mark.None;
                marks |= hits.Any(h => h.RuleId.StartsWith("surveillance", StringComparison.Ordinal)) ? Mark.Surveillance : Mark.None;
                marks |= e.CallStatus == CallStatus.Blocked ? Mark.Block : Mark.None;
            }
            else
            {
                hits = [.. PhraseLexicon.Match(PhraseLexicon.Refusals, text)];
                marks |= hits.Count > 0 ? Mark.Refusal : Mark.None;
            }

            IEnumerable<string> parties = direction == Direction.Incoming
                ? e.From is { } f && !persons.IsOwner(f) ? [f] : []
                : e.To.Where(t => !persons.IsOwner(t));
            foreach (var party in parties)
            {
                if (!byIdentifier.TryGetValue(party, out var acc))
                {
                    byIdentifier[party] = acc = new Accumulator();
                }

                acc.Contacts.Add(new Contact(e.Time.UnixMilliseconds, direction == Direction.Incoming, e.Channel, e.Id, marks));
                foreach (var hit in hits)
                {
                    acc.Hits.Add((e.Id, hit, e.Time.UnixMilliseconds));
                }

                if (direction == Direction.Incoming && text is not null && SelfIdentification().Match(text) is { Success: true } m)
                {
                    acc.SelfIdentifications.Add((m.Groups["name"].Success ? m.Groups["name"].Value : "me", e.Id));
                }
            }
        }

        if (byIdentifier.Count == 0)
        {
            return new AnalysisResult([], OwnerOf(persons), ownerBasis, null, new Dictionary<string, EvidenceItem>());
        }

        var asOf = LocalDate(lastMs);
        var switches = DetectIdentitySwitches(byIdentifier, persons);
        var reports = byIdentifier
            .GroupBy(kv => persons.Of(kv.Key).Id, StringComparer.Ordinal)
            .Select(g => Report(persons.Of(g.First().Key), g.Select(kv => kv.Value).ToList(), asOf, switches))
            .OrderByDescending(r => r.Score).ThenByDescending(r => r.Events).ThenBy(r => r.Person.Label, StringComparer.Ordinal).ThenBy(r => r.Person.Id, StringComparer.Ordinal)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToList();
        return new AnalysisResult(reports, OwnerOf(persons), ownerBasis, asOf, new Dictionary<string, EvidenceItem>());
    }

    private static Person? OwnerOf(PersonDirectory persons) =>
        persons.Owners.Count == 0 ? null : persons.Of(persons.Owners.Order(StringComparer.Ordinal).First());

    /// <summary>
    /// A new identifier whose contact starts within 14 days after a refusal or block by another
    /// person, and which identifies itself ("it's me", "new number", "it's Jordan"), is proposed
    /// as that person — an inferred link, shown as such.
    /// </summary>
    private static Dictionary<string, List<(string Identifier, string Detail, List<string> Evidence)>> DetectIdentitySwitches(
        Dictionary<string, Accumulator> byIdentifier, PersonDirectory persons)
    {
        var found = new Dictionary<string, List<(string, string, List<string>)>>(StringComparer.Ordinal);
        var cutoffs = new List<(string Identifier, Person Person, long TimeMs, string EventId)>();
        foreach (var (id, acc) in byIdentifier)
        {
            var first = acc.Contacts.Where(c => (c.Marks & (Mark.Refusal | Mark.Block)) != 0).OrderBy(c => c.TimeMs).FirstOrDefault();
            if (first.Id is not null)
            {
                cutoffs.Add((id, persons.Of(id), first.TimeMs, first.Id));
            }
        }

        foreach (var (id, acc) in byIdentifier.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var firstIn = acc.Contacts.Where(c => c.Incoming).Select(c => c.TimeMs).DefaultIfEmpty(long.MaxValue).Min();
            if (firstIn == long.MaxValue || acc.SelfIdentifications.Count == 0)
            {
                continue;
            }

            foreach (var cut in cutoffs)
            {
                var target = persons.Of(cut.Identifier);
                if (target.Id == persons.Of(id).Id || firstIn < cut.TimeMs || firstIn > cut.TimeMs + 14 * DayMs)
                {
                    continue;
                }

                var firstName = target.Label.Split(' ', 2)[0];
                var claim = acc.SelfIdentifications.FirstOrDefault(s =>
                    s.Claim.Equals("me", StringComparison.OrdinalIgnoreCase) || s.Claim.Equals(firstName, StringComparison.OrdinalIgnoreCase));
                if (claim.EventId is null)
                {
                    continue;
                }

                var detail = $"{id} first made contact {Days(firstIn - cut.TimeMs)} after the refusal/block of {cut.Identifier} and wrote \"{claim.Claim}\" to identify itself";
                persons.Link(id, cut.Identifier, "inferred: identity switch — " + detail, inferred: true);
                var key = persons.Of(cut.Identifier).Id;
                if (!found.TryGetValue(key, out var list))
                {
                    found[key] = list = [];
                }

                list.Add((id, detail, [cut.EventId, claim.EventId]));
                break;
            }
        }

        return found;
    }

    private static string Days(long ms) => string.Create(CultureInfo.InvariantCulture, $"{ms / (double)DayMs:0.#} days");

    private ContactReport Report(Person person, List<Accumulator> parts, DateOnly asOf, Dictionary<string, List<(string Identifier, string Detail, List<string> Evidence)>> switches)
    {
        var contacts = parts.SelectMany(p => p.Contacts).OrderBy(c => c.TimeMs).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        var hits = parts.SelectMany(p => p.Hits).OrderBy(h => h.TimeMs).ThenBy(h => h.EventId, StringComparer.Ordinal).ToList();
        var incoming = contacts.Where(c => c.Incoming).ToList();
        var outgoing = contacts.Where(c => !c.Incoming).ToList();
        var indicators = new List<Indicator>();
        var markers = new List<TimelineMarker>();
        void Fire(string code, double value, string detail, IEnumerable<string> evidence) =>
            indicators.Add(new Indicator(code, Math.Round(value, 4), detail, evidence.Distinct(StringComparer.Ordinal).Take(EvidenceCap).ToList(), ScoreWeights.Weights[code]));

        var occasionDays = incoming.GroupBy(c => LocalDate(c.TimeMs)).OrderBy(g => g.Key).ToList();

        // Course of conduct: two or more occasions (Protection from Harassment Act 1997 s.7(3)).
        if (occasionDays.Count >= 2)
        {
            Fire("course_of_conduct", occasionDays.Count, $"{occasionDays.Count} separate days with contact from this person (a course of conduct needs at least 2 occasions)", occasionDays.Select(g => g.First().Id));
        }

        // Persistence beyond two weeks (Purcell, Pathé and Mullen 2004).
        if (incoming.Count >= 2)
        {
            var span = incoming[^1].TimeMs - incoming[0].TimeMs;
            if (span > 14 * DayMs)
            {
                Fire("persistence", Math.Round(span / (double)DayMs, 1), $"contact persisted for {Days(span)} (from {LocalDate(incoming[0].TimeMs):yyyy-MM-dd} to {LocalDate(incoming[^1].TimeMs):yyyy-MM-dd}); more than 14 days", [incoming[0].Id, incoming[^1].Id]);
            }
        }

        // Unanswered: inbound contact with no reply from the owner within 24 hours.
        var outTimes = outgoing.Select(o => o.TimeMs).ToArray(); // already in time order
        var unanswered = incoming.Where(c => !RepliedWithinADay(outTimes, c.TimeMs)).ToList();
        var unansweredRatio = incoming.Count == 0 ? 0 : unanswered.Count / (double)incoming.Count;
        if (incoming.Count >= 10 && unansweredRatio >= 0.7)
        {
            Fire("unanswered", unansweredRatio, $"{unanswered.Count} of {incoming.Count} contacts ({unansweredRatio:P0}) had no reply from the owner within 24 hours", unanswered.Select(c => c.Id));
        }

        // Rate escalation: exact Poisson rate-ratio test (last 14 days vs the 28 before) and a Poisson CUSUM onset.
        var firstDay = LocalDate(contacts[0].TimeMs);
        var daily = DailyIncoming(incoming, firstDay, asOf);
        var recent = Sum(daily, firstDay, asOf.AddDays(-13), asOf);
        var earlier = Sum(daily, firstDay, asOf.AddDays(-41), asOf.AddDays(-14));
        var (ratio, p) = PoissonRateRatio.Test(recent, 14, earlier, 28);
        var cusum = PoissonCusum.Detect(daily);
        DateOnly? onset = cusum.OnsetDay is { } od ? firstDay.AddDays(od) : null;
        if ((recent >= 5 && ratio > 1 && p < 0.01) || onset is not null)
        {
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{recent} contacts in the 14 days to {asOf:yyyy-MM-dd} against {earlier} in the 28 days before: rate ratio {(double.IsInfinity(ratio) ? "∞" : ratio.ToString("0.00", CultureInfo.InvariantCulture))}, exact one-sided p {(p < 0.0001 ? "< 0.0001" : "= " + p.ToString("0.####", CultureInfo.InvariantCulture))}");
            if (onset is { } o)
            {
                detail += string.Create(CultureInfo.InvariantCulture, $"; Poisson CUSUM (baseline {cusum.Baseline:0.##}/day, alarm above {cusum.Threshold}) puts the onset of the rise at {o:yyyy-MM-dd}");
                markers.Add(new TimelineMarker(o, "onset", "onset of escalation", null));
            }

            var recentStart = _zone.StartOfDay(asOf.AddDays(-13)).ToUnixTimeMilliseconds();
            var fromOnset = onset is { } on ? _zone.StartOfDay(on).ToUnixTimeMilliseconds() : recentStart;
            Fire("escalation", double.IsInfinity(ratio) ? recent : ratio, detail, incoming.Where(c => c.TimeMs >= Math.Min(recentStart, fromOnset)).Select(c => c.Id));
        }

        // Repertoire: several channels, or a new channel after the first week.
        var channelFirstUse = incoming.GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newChannels = channelFirstUse.Values.Where(c => c.TimeMs > incoming[0].TimeMs + 7 * DayMs).OrderBy(c => c.TimeMs).ToList();
        if (channelFirstUse.Count >= 3 || newChannels.Count > 0)
        {
            var detail = $"contact by {channelFirstUse.Count} channels ({string.Join(", ", channelFirstUse.Keys.Order(StringComparer.Ordinal))})";
            if (newChannels.Count > 0)
            {
                detail += "; new channels: " + string.Join(", ", newChannels.Select(c => $"{c.Channel} from {LocalDate(c.TimeMs):yyyy-MM-dd}"));
            }

            Fire("repertoire", channelFirstUse.Count, detail, channelFirstUse.Values.Select(c => c.Id));
        }

        // Night-time share (00:00–06:00 case time).
        var night = incoming.Where(c => LocalHour(c.TimeMs) < 6).ToList();
        var nightShare = incoming.Count == 0 ? 0 : night.Count / (double)incoming.Count;
        if (night.Count >= 5 && nightShare >= 0.2)
        {
            Fire("night_time", nightShare, $"{night.Count} of {incoming.Count} contacts ({nightShare:P0}) between 00:00 and 06:00 ({_zone.Id})", night.Select(c => c.Id));
        }

        // Threats, shown verbatim for an officer to confirm.
        var threatHits = hits.Where(h => h.Hit.RuleId.StartsWith("threat", StringComparison.Ordinal)).ToList();
        var threatDays = threatHits.Select(h => LocalDate(h.TimeMs)).Distinct().Order().ToList();
        if (threatHits.Count > 0)
        {
            var examples = threatHits.GroupBy(h => h.Hit.Matched, StringComparer.OrdinalIgnoreCase).Take(5).Select(g => $"\"{g.First().Hit.Matched}\" ({g.First().Hit.Category}, ×{g.Count()})");
            Fire("threats", threatHits.Select(h => h.EventId).Distinct(StringComparer.Ordinal).Count(), $"{threatHits.Count} threatening phrases on {threatDays.Count} days — to be confirmed by an officer: {string.Join("; ", examples)}", threatHits.Select(h => h.EventId));
            foreach (var h in threatHits.GroupBy(h => LocalDate(h.TimeMs)).Select(g => g.First()))
            {
                markers.Add(new TimelineMarker(LocalDate(h.TimeMs), "threat", h.Hit.Matched, h.EventId));
            }
        }

        if (threatDays.Count >= 2)
        {
            Fire("threat_occasions", threatDays.Count, $"threats on {threatDays.Count} separate days ({string.Join(", ", threatDays.Take(10).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}{(threatDays.Count > 10 ? ", …" : string.Empty)}): evidence towards fear of violence on at least two occasions (Protection from Harassment Act 1997 s.4A)", threatHits.GroupBy(h => LocalDate(h.TimeMs)).Select(g => g.First().EventId));
        }

        var surveillance = hits.Where(h => h.Hit.RuleId.StartsWith("surveillance", StringComparison.Ordinal)).ToList();
        if (surveillance.Count > 0)
        {
            var examples = surveillance.GroupBy(h => h.Hit.Matched, StringComparer.OrdinalIgnoreCase).Take(5).Select(g => $"\"{g.First().Hit.Matched}\" (×{g.Count()})");
            Fire("surveillance", surveillance.Select(h => h.EventId).Distinct(StringComparer.Ordinal).Count(), $"{surveillance.Count} phrases suggesting watching or following — to be confirmed: {string.Join("; ", examples)}", surveillance.Select(h => h.EventId));
        }

        // Contact after the owner said stop, and after a block record.
        var refusal = outgoing.FirstOrDefault(c => (c.Marks & Mark.Refusal) != 0);
        if (refusal.Id is not null)
        {
            markers.Add(new TimelineMarker(LocalDate(refusal.TimeMs), "refusal", hits.FirstOrDefault(h => h.EventId == refusal.Id).Hit?.Matched ?? "refusal", refusal.Id));
            var after = incoming.Where(c => c.TimeMs > refusal.TimeMs).ToList();
            if (after.Count > 0)
            {
                var quote = hits.FirstOrDefault(h => h.EventId == refusal.Id).Hit?.Matched;
                Fire("contact_after_refusal", after.Count, $"{after.Count} contacts after the owner wrote \"{quote}\" on {LocalDate(refusal.TimeMs):yyyy-MM-dd}", [refusal.Id, .. after.Select(c => c.Id)]);
            }
        }

        var block = incoming.FirstOrDefault(c => (c.Marks & Mark.Block) != 0);
        if (block.Id is not null)
        {
            markers.Add(new TimelineMarker(LocalDate(block.TimeMs), "block", "blocked call", block.Id));
            var after = incoming.Where(c => c.TimeMs >= block.TimeMs).ToList();
            Fire("contact_after_block", after.Count, $"{after.Count} contacts from {LocalDate(block.TimeMs):yyyy-MM-dd}, when the handset first recorded a blocked call from this person", after.Select(c => c.Id));
        }

        if (switches.TryGetValue(person.Id, out var sw))
        {
            Fire("identity_switch", sw.Count, "proposed (inferred, to be confirmed): " + string.Join("; ", sw.Select(s => s.Detail)), sw.SelectMany(s => s.Evidence));
        }

        // Orders: every inbound contact inside an order's window is a breach.
        var breaches = new List<OrderBreaches>();
        foreach (var order in _orders.Where(o => Covers(person, o)))
        {
            var start = _zone.StartOfDay(order.From).ToUnixTimeMilliseconds();
            var end = order.To is { } to ? _zone.StartOfDay(to.AddDays(1)).ToUnixTimeMilliseconds() : long.MaxValue;
            var inWindow = incoming.Where(c => c.TimeMs >= start && c.TimeMs < end).ToList();
            breaches.Add(new OrderBreaches(order.Spec, order.TypeName, inWindow.Count,
                inWindow.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(inWindow[0].TimeMs) : null,
                inWindow.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(inWindow[^1].TimeMs) : null,
                inWindow.Select(c => c.Id).Take(EvidenceCap).ToList()));
            markers.Add(new TimelineMarker(order.From, "order", $"{order.TypeName} from {order.From:yyyy-MM-dd}", null));
            if (order.To is { } until)
            {
                markers.Add(new TimelineMarker(until, "order-end", $"{order.TypeName} until {until:yyyy-MM-dd}", null));
            }
        }

        var totalBreaches = breaches.Sum(b => b.Count);
        if (totalBreaches > 0)
        {
            Fire("order_breach", totalBreaches, $"{totalBreaches} contacts while an order was in force ({string.Join("; ", breaches.Where(b => b.Count > 0).Select(b => $"{b.Type}: {b.Count}"))}); each is a further offence", breaches.SelectMany(b => b.Evidence));
        }

        if (totalBreaches >= 2)
        {
            Fire("order_breach_course", totalBreaches, $"{totalBreaches} breaches: a course of conduct in themselves", breaches.SelectMany(b => b.Evidence));
        }

        var score = indicators.Sum(i => i.Weight);
        var lastOccasion = occasionDays.Count > 0 ? occasionDays[^1].Key : (DateOnly?)null;
        var legal = new LegalPanel(
            occasionDays.Count > 0 ? occasionDays[0].Key : null,
            lastOccasion,
            occasionDays.Count,
            threatDays.Count,
            threatDays.Count >= 2,
            lastOccasion?.AddMonths(6));
        var dailyCounts = contacts.GroupBy(c => (Day: LocalDate(c.TimeMs), c.Channel))
            .Select(g => new DailyCount(g.Key.Day, g.Key.Channel, g.Count(c => c.Incoming), g.Count(c => !c.Incoming)))
            .OrderBy(d => d.Day).ThenBy(d => d.Channel, StringComparer.Ordinal).ToList();
        return new ContactReport(
            0, person, contacts.Count, incoming.Count, outgoing.Count,
            DateTimeOffset.FromUnixTimeMilliseconds(contacts[0].TimeMs), DateTimeOffset.FromUnixTimeMilliseconds(contacts[^1].TimeMs),
            score, ScoreWeights.Band(score), onset, indicators, breaches, legal,
            new SortedDictionary<string, int>(contacts.GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            dailyCounts,
            markers.OrderBy(m => m.Day).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList());
    }

    /// <summary>Is there an owner reply in (t, t + 24 h]? Binary search over the sorted reply times.</summary>
    private static bool RepliedWithinADay(long[] replies, long t)
    {
        var i = Array.BinarySearch(replies, t + 1);
        if (i < 0)
        {
            i = ~i;
        }

        return i < replies.Length && replies[i] <= t + DayMs;
    }

    private bool Covers(Person person, ProtectiveOrder order)
    {
        var party = Identifier.Parse(order.Party, _region);
        return (party is not null && person.Identifiers.Contains(party, StringComparer.Ordinal))
            || person.Label.Equals(order.Party, StringComparison.OrdinalIgnoreCase)
            || person.Id.Equals(order.Party, StringComparison.OrdinalIgnoreCase);
    }

    private DateOnly LocalDate(long ms) => DateOnly.FromDateTime(_zone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(ms)).DateTime);

    private int LocalHour(long ms) => _zone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(ms)).Hour;

    private int[] DailyIncoming(List<Contact> incoming, DateOnly firstDay, DateOnly asOf)
    {
        var days = Math.Max(1, asOf.DayNumber - firstDay.DayNumber + 1);
        var counts = new int[days];
        foreach (var c in incoming)
        {
            var d = LocalDate(c.TimeMs).DayNumber - firstDay.DayNumber;
            if (d >= 0 && d < days)
            {
                counts[d]++;
            }
        }

        return counts;
    }

    private static int Sum(int[] daily, DateOnly firstDay, DateOnly from, DateOnly to)
    {
        var sum = 0;
        for (var d = Math.Max(0, from.DayNumber - firstDay.DayNumber); d <= to.DayNumber - firstDay.DayNumber && d < daily.Length; d++)
        {
            sum += daily[d];
        }

        return sum;
    }

    [GeneratedRegex(@"\b(?:it'?s|its|this is)\s+(?<name>me|[A-Z][a-z]+)\b|\bnew (?:number|phone|account)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SelfIdentification();
}
