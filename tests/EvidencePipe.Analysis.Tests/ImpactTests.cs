using EvidencePipe.Analysis.Persons;
using EvidencePipe.Time;

namespace EvidencePipe.Analysis.Tests;

/// <summary>Impact phrases (s.4A(1)(b)(ii)) are found in the owner's own messages only, verbatim, with their events.</summary>
public sealed class ImpactTests
{
    private const string X = "tel:+447700900666";
    private const string Friend = "tel:+447700900777";

    private static AnalysisEvents Events(out string fear, out string routine, out string distress)
    {
        var e = new AnalysisEvents();
        e.In(X, 0, 10, "I'm scared you'll leave me"); // the other person's words: not the owner's impact
        fear = e.Out(Friend, 1, 9, "I'm terrified to go out now");
        routine = e.Out(X, 2, 9, "I've changed my number because of you. Leave me alone");
        distress = e.Out(Friend, 3, 22, "I can't sleep at night");
        e.Out(Friend, 4, 9, "see you at the gym");
        return e;
    }

    [Fact]
    public void The_owners_words_about_fear_distress_and_changed_routines_are_listed_verbatim_with_their_events()
    {
        var result = Events(out var fear, out var routine, out var distress).Analyze();
        Assert.Equal(
            [
                (fear, "fear or alarm", "I'm terrified to go out now"),
                (routine, "changed day-to-day activities", "I've changed my number"),
                (distress, "distress", "I can't sleep"),
            ],
            result.Impact.Select(i => (i.EventId, i.Category, i.Matched)));
        Assert.Equal(AnalysisEvents.Start.AddDays(1).AddHours(9), result.Impact[0].Time);
    }

    [Fact]
    public void On_a_suspects_device_the_owners_words_are_not_read_as_the_victims_impact()
    {
        var e = Events(out _, out _, out _);
        var result = new ContactAnalyzer(new CaseTimeZone("Etc/UTC"), Reading.CaseSettings.Default.Region, []) { Perspective = Perspective.Suspect }
            .Analyze(e.Ordered, new PersonDirectory([], [], [], new HashSet<string> { AnalysisEvents.Owner }), "--owner");
        Assert.Empty(result.Impact);
    }
}
