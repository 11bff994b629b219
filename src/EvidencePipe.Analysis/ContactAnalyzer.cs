using EvidencePipe.Analysis.Lexicon;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Analysis.Streaming;
using EvidencePipe.Analysis.Text;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis;

/// <summary>
/// Per counter-party person, over the device owner's events (DESIGN.md "Analysis"): frequency,
/// course of conduct, persistence, rate escalation with its onset, repertoire, threats,
/// surveillance language, contact after refusal or block, identity switching, night-time share and
/// order breaches. Every indicator that fires carries its rule, value, reason and evidence ids.
/// </summary>
/// <remarks>
/// One pass over the events in time order (the store's order: time, then id), keeping a
/// <see cref="PersonState"/> per person whose size depends on the days and channels of contact,
/// never on the number of events, so memory stays flat however large the case. Identity switches
/// are found during the pass against the settled persons (a new identifier's first contact within
/// 14 days after another person's refusal or block, and a message identifying itself); from then on
/// its contact is that person's, and its earlier state is folded in at the end.
/// </remarks>
public sealed class ContactAnalyzer
{
    private const long DayMs = 86_400_000L;
    private readonly CaseTimeZone _zone;
    private readonly PhoneRegion _region;
    private readonly IReadOnlyList<ProtectiveOrder> _orders;
    private readonly PhraseLexicon _lexicon;

    public ContactAnalyzer(CaseTimeZone zone, PhoneRegion region, IReadOnlyList<ProtectiveOrder> orders, PhraseLexicon? lexicon = null)
    {
        _zone = zone;
        _region = region;
        _orders = orders;
        _lexicon = lexicon ?? PhraseLexicon.Default;
    }

    /// <summary>Whose device this is; <see cref="Perspective.Suspect"/> scores the owner's pursuit of each person.</summary>
    public Perspective Perspective { get; init; }

    /// <summary>
    /// Keep each person's days of contact in detail (<see cref="ContactReport.Occasions"/>) for a
    /// chronology: memory then grows with days of contact and up to <see cref="Chronology.OccasionLog.ExhibitCap"/> event ids a day.
    /// </summary>
    public bool KeepOccasions { get; init; }

    /// <remarks>Undated events are left out: every indicator is about when contact happened.</remarks>
    public AnalysisResult Analyze(IEnumerable<CommunicationEvent> events, PersonDirectory persons, string ownerBasis) =>
        Analyze(events.Where(e => !e.Time.IsUndated).Select(AnalysisEvent.Of), persons, ownerBasis);

    /// <param name="events">In time order (ties in any order); an event earlier than the one before it is refused.</param>
    public AnalysisResult Analyze(IEnumerable<AnalysisEvent> events, PersonDirectory persons, string ownerBasis)
    {
        var pass = new Pass(this, persons);
        foreach (var e in events)
        {
            pass.Observe(e);
        }

        return pass.Finish(ownerBasis);
    }

    /// <summary>The state of one pass: persons' states, routing after identity switches, the switch rule's bookkeeping.</summary>
    private sealed class Pass(ContactAnalyzer owner, PersonDirectory persons)
    {
        private readonly CaseClock _clock = new(owner._zone);
        private readonly Dictionary<string, PersonState> _states = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PersonState> _byIdentifier = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _route = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _firstIncoming = new(StringComparer.Ordinal);
        private readonly List<(string Identifier, long Ms, string Id)> _cutoffs = [];
        private readonly HashSet<string> _cutIdentifiers = new(StringComparer.Ordinal);
        private readonly List<Switch> _switches = [];
        private readonly Dictionary<PersonState, SortedDictionary<string, OwnerIdentityUse>> _ownerIdentities = [];
        private const int ImpactCap = 500;
        private readonly List<ImpactEvidence> _impact = [];
        private long _lastMs = long.MinValue;

        public void Observe(AnalysisEvent e)
        {
            if (e.TimeMs < _lastMs)
            {
                throw new ArgumentException($"events must be in time order: {e.Id} is earlier than the event before it", nameof(e));
            }

            _lastMs = e.TimeMs;
            var direction = e.Direction;
            if (direction == Direction.Unknown && e.From is not null)
            {
                direction = persons.IsOwner(e.From) ? Direction.Outgoing : Direction.Incoming;
            }

            if (direction == Direction.Unknown)
            {
                return;
            }

            // The counter-parties follow the recorded direction; "incoming" is the side whose conduct is
            // scored: the counter-party's contact on a victim's device, the owner's on a suspect's.
            var recordedIncoming = direction == Direction.Incoming;
            var suspect = owner.Perspective == Perspective.Suspect;
            var incoming = recordedIncoming != suspect;
            var lexicon = owner._lexicon;
            var folded = lexicon.Fold(e.Text);
            IReadOnlyList<PhraseHitRef>? threats = null, seen = null;
            string? refusal = null;
            var banter = false;
            if (folded.Count > 0)
            {
                if (incoming)
                {
                    threats = Refs(lexicon.Match(lexicon.Threats, e.Text, folded));
                    seen = Refs(lexicon.Match(lexicon.Surveillance, e.Text, folded));
                    banter = threats is not null && lexicon.IsBanter(folded);
                }
                else
                {
                    refusal = lexicon.Match(lexicon.Refusals, e.Text, folded) is { Count: > 0 } r ? r[0].Matched : null;
                }

                // The owner's own words about the effect on them (a victim's device only: on a suspect's the owner is the suspect).
                if (!recordedIncoming && !suspect && _impact.Count < ImpactCap)
                {
                    foreach (var hit in lexicon.Match(lexicon.Impact, e.Text, folded))
                    {
                        _impact.Add(new ImpactEvidence(e.Id, DateTimeOffset.FromUnixTimeMilliseconds(e.TimeMs), hit.Category, hit.Matched));
                    }
                }
            }

            var (day, hour) = _clock.Local(e.TimeMs);
            var exchange = incoming && e.CallStatus == CallStatus.Answered && e.DurationSeconds is > 0;

            // A row of the victim's incident log is an act, not a message awaiting a reply, and its time
            // may be the victim's estimate: it counts as an occasion (and a breach) but not as unanswered
            // contact or night-time contact.
            var logged = e.Channel == Channels.Incident;
            var blocked = incoming && !suspect && e.CallStatus == CallStatus.Blocked;
            if (recordedIncoming)
            {
                if (e.From is { } from && !persons.IsOwner(from))
                {
                    Add(from);
                }
            }
            else
            {
                foreach (var to in e.To)
                {
                    if (!persons.IsOwner(to))
                    {
                        Add(to);
                    }
                }
            }

            void Add(string party)
            {
                var state = StateOf(party);
                if (suspect && !recordedIncoming && e.From is { } own && !own.StartsWith(Identifier.Name, StringComparison.Ordinal))
                {
                    NoteOwnerIdentity(state, own, e);
                }

                state.Observe(new Contact(e.TimeMs, day, hour, e.Id, e.Channel, incoming, exchange, blocked, refusal, threats, banter, seen, logged, owner.KeepOccasions ? e.Text : null));
                if ((refusal is not null || blocked) && _cutIdentifiers.Add(party))
                {
                    _cutoffs.Add((party, e.TimeMs, e.Id));
                }

                if (incoming && !suspect)
                {
                    if (!_firstIncoming.TryGetValue(party, out var first))
                    {
                        _firstIncoming[party] = first = e.TimeMs;
                    }

                    TrySwitch(party, first, e.Id, folded);
                }
            }
        }

        /// <summary>
        /// The owner's identifier an outgoing event was sent from (a number, an account, a handle — not a
        /// display name, which is no identity of its own) as used with this person.
        /// </summary>
        private void NoteOwnerIdentity(PersonState state, string identifier, AnalysisEvent e)
        {
            if (!_ownerIdentities.TryGetValue(state, out var used))
            {
                _ownerIdentities[state] = used = new SortedDictionary<string, OwnerIdentityUse>(StringComparer.Ordinal);
            }

            used[identifier] = used.TryGetValue(identifier, out var was)
                ? was with { Count = was.Count + 1 }
                : new OwnerIdentityUse(identifier, e.TimeMs, e.Id, 1);
        }

        private static IReadOnlyList<PhraseHitRef>? Refs(IReadOnlyList<PhraseHit> hits) =>
            hits.Count == 0 ? null : hits.Select(h => new PhraseHitRef(h.Category, h.Matched)).ToList();

        private string Resolve(string personId)
        {
            while (_route.TryGetValue(personId, out var next))
            {
                personId = next;
            }

            return personId;
        }

        private PersonState StateOf(string identifier)
        {
            if (_byIdentifier.TryGetValue(identifier, out var cached))
            {
                return cached;
            }

            var key = Resolve(persons.Of(identifier).Id);
            if (!_states.TryGetValue(key, out var state))
            {
                var person = persons.Of(identifier);
                _states[key] = state = new PersonState(person, owner.OrdersCovering(person), owner.KeepOccasions);
            }

            _byIdentifier[identifier] = state;
            return state;
        }

        /// <summary>
        /// Is <paramref name="identifier"/> a new identity of someone refused or blocked? Its first
        /// contact must fall within 14 days after that person's first refusal or block, and this
        /// message must identify itself ("it's me", "new number", or the person's first name).
        /// </summary>
        private void TrySwitch(string identifier, long firstIncoming, string eventId, IReadOnlyList<NormalisedText> folded)
        {
            if (_cutoffs.Count == 0 || folded.Count == 0)
            {
                return;
            }

            var self = Resolve(persons.Of(identifier).Id);
            string? claim = null;
            foreach (var cut in _cutoffs)
            {
                var target = persons.Of(cut.Identifier);
                if (Resolve(target.Id) == self || firstIncoming < cut.Ms || firstIncoming > cut.Ms + (14 * DayMs))
                {
                    continue;
                }

                claim ??= owner._lexicon.SelfClaim(folded) ?? string.Empty;
                var firstName = target.Label.Split(' ', 2)[0];
                if (!claim.Equals("me", StringComparison.OrdinalIgnoreCase) && !claim.Equals(firstName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var detail = $"{identifier} first made contact {Days(firstIncoming - cut.Ms)} after the refusal/block of {cut.Identifier} and wrote \"{claim}\" to identify itself";
                _switches.Add(new Switch(cut.Identifier, self, Resolve(target.Id),
                    new PersonLink(identifier, cut.Identifier, LinkKinds.IdentitySwitch, "identity switch: " + detail, Inferred: true), detail, [cut.Id, eventId]));
                _route[self] = Resolve(target.Id);
                _byIdentifier.Clear();
                return;
            }
        }

        public AnalysisResult Finish(string ownerBasis)
        {
            foreach (var s in _states.Values)
            {
                s.Flush();
            }

            // Fold each switched identity's earlier state into the person it was found to be.
            foreach (var sw in _switches)
            {
                if (_states.Remove(sw.From, out var from) && _states.TryGetValue(Resolve(sw.Into), out var into))
                {
                    into.Merge(from);
                }
            }

            var settled = persons.With(_switches.Select(s => s.Link));
            var owners = settled.Owners.Count == 0 ? null : settled.Of(settled.Owners.Order(StringComparer.Ordinal).First());
            if (_states.Count == 0)
            {
                return new AnalysisResult([], owners, ownerBasis, null, new Dictionary<string, EvidenceItem>(), owner._lexicon.Version) { Perspective = owner.Perspective, Impact = _impact };
            }

            var asOf = _clock.Date(_lastMs);
            var switchesByPerson = _switches.GroupBy(s => settled.Of(s.Target).Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var scorer = new ContactScorer(_clock, owner._zone, owner.Perspective == Perspective.Suspect);
            var reports = _states.Values
                .Select(s =>
                {
                    var person = settled.Of(s.Person.Identifiers.Count > 0 ? s.Person.Identifiers[0] : s.Person.Id);
                    return scorer.Report(person, s, asOf, switchesByPerson.GetValueOrDefault(person.Id) ?? [],
                        _ownerIdentities.TryGetValue(s, out var used) ? [.. used.Values.OrderBy(u => u.FirstMs).ThenBy(u => u.Identifier, StringComparer.Ordinal)] : null);
                })
                .OrderByDescending(r => r.Score).ThenByDescending(r => r.Events).ThenBy(r => r.Person.Label, StringComparer.Ordinal).ThenBy(r => r.Person.Id, StringComparer.Ordinal)
                .Select((r, i) => r with { Rank = i + 1 })
                .ToList();
            return new AnalysisResult(reports, owners, ownerBasis, asOf, new Dictionary<string, EvidenceItem>(), owner._lexicon.Version) { Perspective = owner.Perspective, Impact = _impact };
        }
    }

    internal static string Days(long ms) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms / (double)DayMs:0.#} days");

    private List<(ProtectiveOrder Order, long StartMs, long EndMs)> OrdersCovering(Person person) =>
        _orders.Where(o => Covers(person, o))
            .Select(o => (o, _zone.StartOfDay(o.From).ToUnixTimeMilliseconds(), o.To is { } to ? _zone.StartOfDay(to.AddDays(1)).ToUnixTimeMilliseconds() : long.MaxValue))
            .ToList();

    private bool Covers(Person person, ProtectiveOrder order)
    {
        var party = Identifier.Parse(order.Party, _region);
        return (party is not null && person.Identifiers.Contains(party, StringComparer.Ordinal))
            || person.Label.Equals(order.Party, StringComparison.OrdinalIgnoreCase)
            || person.Id.Equals(order.Party, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>An identity switch found in the pass: the refused identifier it is attributed through, and the states to fold.</summary>
internal sealed record Switch(string Target, string From, string Into, PersonLink Link, string Detail, IReadOnlyList<string> Evidence);
