using System.Globalization;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Analysis.Scoring;
using EvidencePipe.Analysis.Statistics;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis.Streaming;

/// <summary>
/// Turns a person's <see cref="PersonState"/> into the indicators that fire, the score and the
/// legal panel. The rules and thresholds are the README's table (<see cref="ScoreWeights"/>); the
/// specificity rules — what keeps ordinary relationships from being banded as concerns — are:
/// <list type="bullet">
/// <item><b>Unwanted first.</b> <c>course_of_conduct</c> and <c>persistence</c> describe unwanted
/// contact (FOUR: fixated, obsessive, unwanted, repeated), so they fire only when the contact shows
/// it is unwanted: <c>unanswered</c>, contact after a refusal or a block, or an order breach. The
/// legal panel still counts every occasion.</item>
/// <item><b>Reciprocated</b> contact (the owner replied within 24 hours to at least half of it, or
/// answered the calls) is not escalation: <c>escalation</c> fires only when the owner's own contact
/// with the person over the rising period is less than half of the person's.</item>
/// <item><b>Banter</b>: a threat phrase in a message that also laughs or jokes ("I could kill you
/// for that spoiler 😂", "lol", "jk") from a person the owner talks with both ways is listed as
/// <c>threat_banter</c> (weight 0, shown verbatim for an officer); from anyone else it is a threat.</item>
/// <item><b>A single chance phrase</b>: one day with threat phrases in a reciprocated conversation
/// of 100 or more contacts, with nothing showing the contact is unwanted, is <c>isolated_threat</c>
/// (weight 10) rather than <c>threats</c> (25). A second day, or any sign the contact is unwanted,
/// gives the full weight.</item>
/// <item><b>Service senders</b> (short codes, alphanumeric sender ids such as <c>AMAZON</c>,
/// no-reply mailboxes) are listed but their volume, unanswered messages, timing and channels are
/// not conduct: only phrase, order and block indicators apply to them.</item>
/// </list>
/// </summary>
/// <remarks>
/// On a suspect's device (<paramref name="suspect"/>) the state's "incoming" is the owner's contact with
/// the person; the report's <c>Incoming</c>/<c>Outgoing</c> and daily counts are put back relative to the
/// device owner, as the contract defines them.
/// </remarks>
internal sealed class ContactScorer(CaseClock clock, CaseTimeZone zone, bool suspect = false)
{
    /// <summary>Reciprocated: the owner replied within 24 hours to at least this share of incoming contact.</summary>
    public const double ReciprocatedShare = 0.5;

    /// <summary>A conversation this long (contacts both ways) makes one threat day an isolated phrase if nothing else is wrong.</summary>
    public const int IsolatedThreatConversation = 100;

    /// <param name="ownerIdentities">On a suspect's device: each of the owner's identifiers used to contact the person (number, account, handle), with its uses.</param>
    public ContactReport Report(Person person, PersonState s, DateOnly asOf, IReadOnlyList<Switch> switches, IReadOnlyList<OwnerIdentityUse>? ownerIdentities = null)
    {
        var ci = CultureInfo.InvariantCulture;

        // Wording from the side that is scored: on a suspect's device the "contacts" are the owner's pursuit of the person.
        string Side(string victimSide, string suspectSide) => suspect ? suspectSide : victimSide;
        var indicators = new List<Indicator>();
        var markers = new List<TimelineMarker>();
        void Fire(string code, double value, string detail, IEnumerable<string> evidence) =>
            indicators.Add(new Indicator(code, Math.Round(value, 4), detail, evidence.Distinct(StringComparer.Ordinal).Take(Evidence.Cap).ToList(), ScoreWeights.Weights[code]));

        var service = ServiceSenders.IsService(person);
        var occasions = s.Occasions.OrderBy(o => o.Key).ToList();
        var unansweredRatio = s.Incoming == 0 ? 0 : s.Unanswered.Count / (double)s.Incoming;
        var reciprocated = s.Incoming > 0 && (s.Outgoing > 0 || s.Exchanges > 0) && unansweredRatio <= 1 - ReciprocatedShare;

        // Unanswered: inbound contact with no reply from the owner within 24 hours.
        var unanswered = !service && s.Incoming >= 10 && unansweredRatio >= 0.7;
        if (unanswered)
        {
            Fire("unanswered", unansweredRatio, suspect
                ? string.Create(ci, $"{s.Unanswered.Count} of the owner's {s.Incoming} contacts ({Percent(unansweredRatio)}) got no reply from this person within 24 hours")
                : string.Create(ci, $"{s.Unanswered.Count} of {s.Incoming} contacts ({Percent(unansweredRatio)}) had no reply from the owner within 24 hours"), s.Unanswered.Ids);
        }

        var breachTotal = s.Breaches.Sum(b => b.Count);
        var unwanted = unanswered || s.AfterRefusal.Count > 0 || s.AfterBlock.Count > 0 || breachTotal > 0;

        // Course of conduct: two or more occasions of unwanted contact (Protection from Harassment Act 1997 s.7(3)).
        if (!service && unwanted && occasions.Count >= 2)
        {
            Fire("course_of_conduct", occasions.Count, string.Create(ci, $"{occasions.Count} separate days {Side("with unwanted contact from this person", "on which the owner pursued this person with unwanted contact")} (a course of conduct needs at least 2 occasions)"), occasions.Select(o => o.Value.Id));
        }

        // Persistence beyond two weeks (Purcell, Pathé and Mullen 2004).
        if (!service && unwanted && s.FirstIncoming is { } fi && s.LastIncoming is { } li && li.Ms - fi.Ms > 14 * 86_400_000L)
        {
            var span = li.Ms - fi.Ms;
            Fire("persistence", Math.Round(span / 86_400_000.0, 1), $"{Side("unwanted contact", "the owner's unwanted contact with this person")} persisted for {ContactAnalyzer.Days(span)} (from {Day(clock.Date(fi.Ms))} to {Day(clock.Date(li.Ms))}); more than 14 days", [fi.Id, li.Id]);
        }

        // Rate escalation: exact Poisson rate-ratio test (last 14 days vs the 28 before) and a Poisson CUSUM onset,
        // on one-sided contact only.
        DateOnly? onset = null;
        if (!service && s.Incoming > 0)
        {
            var firstDay = DateOnly.FromDayNumber(Math.Min(s.Daily.Keys.Min(k => k.Day), asOf.DayNumber));
            var days = Math.Max(1, asOf.DayNumber - firstDay.DayNumber + 1);
            var dailyIn = new int[days];
            var dailyOut = new int[days];
            foreach (var ((day, _), cell) in s.Daily)
            {
                var d = day - firstDay.DayNumber;
                if (d >= 0 && d < days)
                {
                    dailyIn[d] += cell[0];
                    dailyOut[d] += cell[1];
                }
            }

            var recent = Sum(dailyIn, days - 14, days - 1);
            var earlier = Sum(dailyIn, days - 42, days - 15);
            var (ratio, p) = PoissonRateRatio.Test(recent, 14, earlier, 28);
            var cusum = PoissonCusum.Detect(dailyIn);
            DateOnly? found = cusum.OnsetDay is { } od ? firstDay.AddDays(od) : null;
            if ((recent >= 5 && ratio > 1 && p < 0.01) || found is not null)
            {
                var from = Math.Min(days - 14, found is { } f ? f.DayNumber - firstDay.DayNumber : days - 14);
                var theirs = Sum(dailyIn, from, days - 1);
                var owners = Sum(dailyOut, from, days - 1);
                if (owners * 2 < theirs)
                {
                    onset = found;
                    var detail = string.Create(ci,
                        $"{recent} {Side("contacts", "contacts by the owner")} in the 14 days to {Day(asOf)} against {earlier} in the 28 days before: rate ratio {(double.IsInfinity(ratio) ? "∞" : ratio.ToString("0.00", ci))}, exact one-sided p {(p < 0.0001 ? "< 0.0001" : "= " + p.ToString("0.####", ci))}");
                    if (onset is { } o)
                    {
                        detail += string.Create(ci, $"; Poisson CUSUM (baseline {cusum.Baseline:0.##}/day, alarm above {cusum.Threshold}) puts the onset of the rise at {Day(o)}");
                        markers.Add(new TimelineMarker(o, "onset", "onset of escalation", null));
                    }

                    detail += suspect
                        ? string.Create(ci, $"; one-sided: this person made {owners} contacts against the owner's {theirs} over the period")
                        : string.Create(ci, $"; one-sided: the owner made {owners} contacts against {theirs} over the period");
                    var fromDay = firstDay.DayNumber + Math.Max(0, from);
                    Fire("escalation", double.IsInfinity(ratio) ? recent : ratio, detail, occasions.Where(x => x.Key >= fromDay).Select(x => x.Value.Id));
                }
            }
        }

        // Repertoire: several channels, or a new channel after the first week.
        if (!service && s.FirstIncoming is { } firstIn)
        {
            var newChannels = s.ChannelFirst.Where(c => c.Value.Ms > firstIn.Ms + (7 * 86_400_000L)).OrderBy(c => c.Value.Ms).ToList();
            if (s.ChannelFirst.Count >= 3 || newChannels.Count > 0)
            {
                var detail = string.Create(ci, $"{Side("contact", "the owner's contact")} by {s.ChannelFirst.Count} channels ({string.Join(", ", s.ChannelFirst.Keys.Order(StringComparer.Ordinal))})");
                if (newChannels.Count > 0)
                {
                    detail += "; new channels: " + string.Join(", ", newChannels.Select(c => $"{c.Key} from {Day(clock.Date(c.Value.Ms))}"));
                }

                Fire("repertoire", s.ChannelFirst.Count, detail, s.ChannelFirst.Values.OrderBy(v => v.Ms).Select(v => v.Id));
            }
        }

        // Night-time share (00:00–06:00 case time).
        var nightShare = s.Incoming == 0 ? 0 : s.Night.Count / (double)s.Incoming;
        if (!service && s.Night.Count >= 5 && nightShare >= 0.2)
        {
            Fire("night_time", nightShare, string.Create(ci, $"{s.Night.Count} of {s.Incoming} {Side("contacts", "of the owner's contacts")} ({Percent(nightShare)}) between 00:00 and 06:00 ({zone.Id})"), s.Night.Ids);
        }

        // Threats, shown verbatim for an officer to confirm. Banter counts as a threat unless the contact is reciprocated.
        var threats = new HitTally();
        threats.Merge(s.Threats);
        if (reciprocated && s.BanterThreats.Hits > 0)
        {
            Fire("threat_banter", s.BanterThreats.Events.Count, string.Create(ci, $"{s.BanterThreats.Hits} threat phrases in joking messages between people who talk both ways — not scored, to be read by an officer: {Examples(s.BanterThreats)}"), s.BanterThreats.Events.Ids);
        }
        else
        {
            threats.Merge(s.BanterThreats);
        }

        var threatDays = threats.Days.Keys.Select(DateOnly.FromDayNumber).ToList();
        if (threats.Hits > 0)
        {
            var isolated = threatDays.Count == 1 && reciprocated && !unwanted && s.Events >= IsolatedThreatConversation;
            var detail = isolated
                ? string.Create(ci, $"one threatening phrase day in a two-way conversation of {s.Events} contacts with nothing else showing the contact is unwanted — to be read in context by an officer: {Examples(threats)}")
                : string.Create(ci, $"{threats.Hits} threatening phrases {Side(string.Empty, "written by the owner ")}on {threatDays.Count} days — to be confirmed by an officer: {Examples(threats)}");
            Fire(isolated ? "isolated_threat" : "threats", threats.Events.Count, detail, threats.Events.Ids);
            foreach (var (day, first) in threats.Days)
            {
                markers.Add(new TimelineMarker(DateOnly.FromDayNumber(day), "threat", first.Matched, first.Id));
            }
        }

        if (threatDays.Count >= 2)
        {
            Fire("threat_occasions", threatDays.Count, string.Create(ci, $"threats on {threatDays.Count} separate days ({string.Join(", ", threatDays.Take(10).Select(Day))}{(threatDays.Count > 10 ? ", …" : string.Empty)}): evidence towards fear of violence on at least two occasions (Protection from Harassment Act 1997 s.4A)"), threats.Days.Values.Select(d => d.Id));
        }

        if (s.Surveillance.Hits > 0)
        {
            Fire("surveillance", s.Surveillance.Events.Count, string.Create(ci, $"{s.Surveillance.Hits} phrases {Side(string.Empty, "written by the owner ")}suggesting watching or following — to be confirmed: {Examples(s.Surveillance, withCategory: false)}"), s.Surveillance.Events.Ids);
        }

        // Contact after the owner said stop, and after a block record.
        if (s.Refusal is { } refusal)
        {
            markers.Add(new TimelineMarker(clock.Date(refusal.Ms), "refusal", refusal.Quote, refusal.Id));
            if (s.AfterRefusal.Count > 0)
            {
                Fire("contact_after_refusal", s.AfterRefusal.Count, string.Create(ci, $"{s.AfterRefusal.Count} {Side("contacts after the owner", "contacts by the owner after this person")} wrote \"{refusal.Quote}\" on {Day(clock.Date(refusal.Ms))}"), [refusal.Id, .. s.AfterRefusal.Ids]);
            }
        }

        if (s.Block is { } block)
        {
            markers.Add(new TimelineMarker(clock.Date(block.Ms), "block", "blocked call", block.Id));
            Fire("contact_after_block", s.AfterBlock.Count, string.Create(ci, $"{s.AfterBlock.Count} contacts from {Day(clock.Date(block.Ms))}, when the handset first recorded a blocked call from this person"), s.AfterBlock.Ids);
        }

        if (switches.Count > 0)
        {
            Fire("identity_switch", switches.Count, "proposed (inferred, to be confirmed): " + string.Join("; ", switches.Select(x => x.Detail)), switches.SelectMany(x => x.Evidence));
        }

        // On a suspect's device: the owner reaching the same person from two or more numbers, accounts or
        // handles — a way round a block or a refusal (the victim-side counterpart is identity_switch).
        if (suspect && !service && ownerIdentities is { Count: >= 2 } used)
        {
            var list = string.Join("; ", used.Select(u => string.Create(ci, $"{u.Identifier} ({u.Count} contacts, first {Day(clock.Date(u.FirstMs))})")));
            Fire("several_owner_identities", used.Count, string.Create(ci, $"the owner contacted this person from {used.Count} identities: {list}"), used.Select(u => u.FirstId));
        }

        // Orders: every inbound contact inside an order's window is a breach.
        var breaches = new List<OrderBreaches>();
        for (var i = 0; i < s.Orders.Count; i++)
        {
            var (order, _, _) = s.Orders[i];
            var b = s.Breaches[i];
            breaches.Add(new OrderBreaches(order.Spec, order.TypeName, b.Count,
                b.Items.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(b.Items[0].Ms) : null,
                s.BreachLast[i] is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last.Ms) : null,
                [.. b.Ids]));
            markers.Add(new TimelineMarker(order.From, "order", $"{order.TypeName} from {Day(order.From)}", null));
            if (order.To is { } until)
            {
                markers.Add(new TimelineMarker(until, "order-end", $"{order.TypeName} until {Day(until)}", null));
            }
        }

        if (breachTotal > 0)
        {
            Fire("order_breach", breachTotal, string.Create(ci, $"{breachTotal} {Side("contacts", "contacts by the owner")} while an order was in force ({string.Join("; ", breaches.Where(b => b.Count > 0).Select(b => string.Create(ci, $"{b.Type}: {b.Count}")))}); each is a further offence"), breaches.SelectMany(b => b.Evidence));
        }

        if (breachTotal >= 2)
        {
            Fire("order_breach_course", breachTotal, string.Create(ci, $"{breachTotal} breaches: a course of conduct in themselves"), breaches.SelectMany(b => b.Evidence));
        }

        var score = indicators.Sum(i => i.Weight);
        DateOnly? lastOccasion = occasions.Count > 0 ? DateOnly.FromDayNumber(occasions[^1].Key) : null;
        var legal = new LegalPanel(
            occasions.Count > 0 ? DateOnly.FromDayNumber(occasions[0].Key) : null,
            lastOccasion,
            occasions.Count,
            threatDays.Count,
            threatDays.Count >= 2,
            lastOccasion?.AddMonths(6));
        var daily = s.Daily.Select(kv => new DailyCount(DateOnly.FromDayNumber(kv.Key.Day), kv.Key.Channel, kv.Value[suspect ? 1 : 0], kv.Value[suspect ? 0 : 1]))
            .OrderBy(d => d.Day).ThenBy(d => d.Channel, StringComparer.Ordinal).ToList();
        var channels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in daily)
        {
            channels[d.Channel] = channels.GetValueOrDefault(d.Channel) + d.Incoming + d.Outgoing;
        }

        return new ContactReport(
            0, person, s.Events, suspect ? s.Outgoing : s.Incoming, suspect ? s.Incoming : s.Outgoing,
            DateTimeOffset.FromUnixTimeMilliseconds(s.FirstMs), DateTimeOffset.FromUnixTimeMilliseconds(s.LastMs),
            score, ScoreWeights.Band(score), onset, indicators, breaches, legal, channels, daily,
            markers.OrderBy(m => m.Day).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList(),
            service)
        {
            // Joking threat phrases are threats unless the two talk both ways (as for the threats indicator above).
            Occasions = s.Log?.ToOccasions(banterIsThreat: !reciprocated) ?? [],
        };
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A share as a whole percentage, the same on every machine (not the culture's "P0").</summary>
    internal static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(share * 100, MidpointRounding.AwayFromZero):0} %");

    private static int Sum(int[] daily, int from, int to)
    {
        var sum = 0;
        for (var d = Math.Max(0, from); d <= to && d < daily.Length; d++)
        {
            sum += daily[d];
        }

        return sum;
    }

    private static string Examples(HitTally tally, bool withCategory = true) =>
        string.Join("; ", tally.Examples.Values.OrderBy(e => e.FirstMs).Take(5)
            .Select(e => withCategory
                ? string.Create(CultureInfo.InvariantCulture, $"\"{e.Shown}\" ({e.Category}, ×{e.Count})")
                : string.Create(CultureInfo.InvariantCulture, $"\"{e.Shown}\" (×{e.Count})")));
}
