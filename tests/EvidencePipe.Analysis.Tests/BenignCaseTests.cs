using System.Globalization;
using EvidencePipe.Analysis.Persons;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis.Tests;

/// <summary>
/// Specificity: the benign generator's ordinary relationships (a heavy texter who jokes, a parent
/// who calls daily, a friend with one chance phrase, a night-shift friend, a rising new friendship,
/// service senders), scored over many seeds, never give a person the high band.
/// </summary>
public sealed class BenignCaseTests
{
    private const int Seeds = 24;
    private const int EventsPerCase = 12_000;

    private static AnalysisResult Score(ulong seed)
    {
        var region = CaseSettings.Default.Region;
        var owner = Identifier.ForPhone(BenignCaseSynthesizer.OwnerNumber, region);
        var ids = BenignCaseSynthesizer.Personas.Select(p => Identifier.ForPhone(p.Address, region)).ToList();
        var names = BenignCaseSynthesizer.Personas.Select((p, i) => new NameEvidence(ids[i], p.Name, "record")).ToList();
        var n = 0;
        var events = new BenignCaseSynthesizer(seed).Generate(EventsPerCase).Select(item =>
        {
            var who = ids[item.Persona];
            var status = item.CallType switch { 1 or 2 => CallStatus.Answered, 3 => CallStatus.Missed, _ => CallStatus.None };
            return new AnalysisEvent(
                string.Create(CultureInfo.InvariantCulture, $"s{seed}-{n++}"), item.UtcMs,
                item.Incoming ? Direction.Incoming : Direction.Outgoing, item.IsCall ? Channels.Call : Channels.Sms,
                item.Incoming ? who : owner, item.Incoming ? [owner] : [who], item.IsCall ? null : item.Text, status, item.IsCall ? item.Duration : null);
        });
        return new ContactAnalyzer(new CaseTimeZone("Europe/London"), region, [])
            .Analyze(events, new PersonDirectory(names, [], [], new HashSet<string> { owner }), "--owner");
    }

    [Fact]
    public void No_benign_person_is_banded_high_over_many_seeds()
    {
        var worst = new List<string>();
        for (var seed = 1UL; seed <= Seeds; seed++)
        {
            var result = Score(seed);
            Assert.Equal(BenignCaseSynthesizer.Personas.Count, result.Contacts.Count);
            foreach (var c in result.Contacts.Where(c => c.Band == "high"))
            {
                worst.Add(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: {c.Person.Label} {c.Score} [{string.Join(", ", c.Indicators.Select(i => i.Code))}]"));
            }
        }

        Assert.Empty(worst);
    }

    [Fact]
    public void The_benign_cases_do_hold_the_hard_relationships_the_rules_are_for()
    {
        // Guards the test above from passing vacuously: the chance phrase, the banter and the service senders are there and recognised.
        var result = Score(7);
        Assert.NotNull(result.Contacts.Single(c => c.Person.Label == "Dana Price").Indicators.SingleOrDefault(i => i.Code == "isolated_threat"));
        Assert.NotNull(result.Contacts.Single(c => c.Person.Label == "Chris Evans").Indicators.SingleOrDefault(i => i.Code == "threat_banter"));
        Assert.True(result.Contacts.Single(c => c.Person.Identifiers.Contains("tel:AMAZON")).Service);
        Assert.True(result.Contacts.Single(c => c.Person.Label == "Mum").Events > 200);
        Assert.True(result.Contacts.Single(c => c.Person.Label == "Chris Evans").Events > 3000);
    }

    [Fact]
    public void Most_benign_people_are_banded_standard()
    {
        var bands = Enumerable.Range(1, 8).SelectMany(s => Score((ulong)s).Contacts).GroupBy(c => c.Band).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(bands.GetValueOrDefault("standard") >= 0.9 * bands.Values.Sum(), string.Join(", ", bands.Select(kv => $"{kv.Key} {kv.Value}")));
    }
}
