using EvidencePipe.Analysis.Persons;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis.Tests;

/// <summary>
/// A suspect's device: the owner reaching one person from several identities, and indicator wording
/// from the owner's side. Events and expected values are planted and worked out here.
/// </summary>
public sealed class SuspectDeviceTests
{
    private const string Owner = AnalysisEvents.Owner;
    private const string SecondSim = "tel:+447700900999";
    private const string Telegram = "handle:telegram:4242";
    private const string Victim = "tel:+447700900444";
    private const string Friend = "tel:+447700900555";

    private static AnalysisResult Analyze(IEnumerable<AnalysisEvent> events, Perspective perspective) =>
        new ContactAnalyzer(new CaseTimeZone("Etc/UTC"), Reading.CaseSettings.Default.Region, []) { Perspective = perspective }
            .Analyze([.. events.OrderBy(e => e.TimeMs).ThenBy(e => e.Id, StringComparer.Ordinal)], new PersonDirectory([], [], [], new HashSet<string> { Owner, "name:Jordan" }), "--owner");

    private static AnalysisEvent Out(string id, double day, string from, string to, string channel = "sms", string text = "answer me") =>
        new(id, AnalysisEvents.Ms(day), Direction.Outgoing, channel, from, [to], text, CallStatus.None, null);

    /// <summary>The owner texts the victim from the usual number on days 0–9, from a second SIM on days 10–12, and on Telegram on day 13; a friend only from the usual number; a chat export's display name on day 14.</summary>
    private static List<AnalysisEvent> Events()
    {
        var e = new List<AnalysisEvent>();
        for (var d = 0; d < 10; d++)
        {
            e.Add(Out($"a{d:00}", d, Owner, Victim));
        }

        for (var d = 10; d < 13; d++)
        {
            e.Add(Out($"b{d:00}", d, SecondSim, Victim));
        }

        e.Add(Out("c13", 13, Telegram, Victim, "telegram"));
        e.Add(Out("d14", 14, "name:Jordan", Victim, "whatsapp"));
        e.Add(Out("f00", 0, Owner, Friend));
        e.Add(Out("f01", 1, Owner, Friend));
        return e;
    }

    [Fact]
    public void The_owner_reaching_one_person_from_three_identities_fires_with_the_first_use_of_each()
    {
        var victim = Analyze(Events(), Perspective.Suspect).Of(Victim);
        var indicator = Assert.IsType<Indicator>(victim.Indicator("several_owner_identities"));

        // Three identities (the display name is none of its own): first uses a00 (day 0), b10 (day 10), c13 (day 13).
        Assert.Equal(3, indicator.Value);
        Assert.Equal(["a00", "b10", "c13"], indicator.Evidence);
        Assert.Equal(15, indicator.Weight);
        Assert.Contains($"{Owner} (10 contacts, first 2024-01-01)", indicator.Detail, StringComparison.Ordinal);
        Assert.Contains($"{SecondSim} (3 contacts, first 2024-01-11)", indicator.Detail, StringComparison.Ordinal);
        Assert.Contains($"{Telegram} (1 contacts, first 2024-01-14)", indicator.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_contacted_from_one_identity_only_does_not_fire_it()
    {
        Assert.Null(Analyze(Events(), Perspective.Suspect).Of(Friend).Indicator("several_owner_identities"));
        Assert.Null(Analyze(Events().Where(e => !e.Id.StartsWith('b') && !e.Id.StartsWith('c')), Perspective.Suspect).Of(Victim).Indicator("several_owner_identities"));
    }

    [Fact]
    public void On_a_victims_device_it_never_fires()
    {
        Assert.DoesNotContain(Analyze(Events(), Perspective.Victim).Contacts, c => c.Indicator("several_owner_identities") is not null);
    }

    [Fact]
    public void On_a_suspects_device_indicators_are_worded_as_the_owners_pursuit_of_the_person()
    {
        // 15 contacts to the victim, none answered within 24 hours: unanswered fires (15 ≥ 10, 100 % ≥ 70 %).
        var victim = Analyze(Events(), Perspective.Suspect).Of(Victim);
        var unanswered = Assert.IsType<Indicator>(victim.Indicator("unanswered"));
        Assert.Contains("15 of the owner's 15 contacts (100 %) got no reply from this person within 24 hours", unanswered.Detail, StringComparison.Ordinal);
        var course = Assert.IsType<Indicator>(victim.Indicator("course_of_conduct"));
        Assert.Contains("on which the owner pursued this person", course.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("from this person", course.Detail, StringComparison.Ordinal);

        // The same conduct on a victim's device (the person texting the owner) keeps the victim-side wording.
        var mirrored = Events().Select(e => e with { Direction = Direction.Incoming, From = e.To[0], To = [Owner] });
        var sender = Analyze(mirrored, Perspective.Victim).Of(Victim);
        Assert.Contains("had no reply from the owner within 24 hours", sender.Indicator("unanswered")!.Detail, StringComparison.Ordinal);
    }
}
