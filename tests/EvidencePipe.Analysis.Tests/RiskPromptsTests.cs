using EvidencePipe.Analysis.Risk;
using EvidencePipe.Analysis.Scoring;

namespace EvidencePipe.Analysis.Tests;

/// <summary>
/// DASH/S-DASH risk prompts: the questions are data with their sources, each prompt carries exactly the
/// evidence of what bears on it (the planted events, known here), and nothing is scored.
/// </summary>
public sealed class RiskPromptsTests
{
    private const string X = "tel:+447700900666";

    /// <summary>X writes every day for 20 days with no reply; threats on days 3 and 9, a surveillance phrase on day 12; the owner writes of her fear to a friend on day 14.</summary>
    private static AnalysisEvents Planted(out List<string> threats, out string watching, out string fear)
    {
        var e = new AnalysisEvents();
        threats = [];
        watching = string.Empty;
        for (var d = 0; d < 20; d++)
        {
            var text = d switch { 3 => "I will kill you", 9 => "you're dead", 12 => "I drove past your house", _ => "answer me" };
            var id = e.In(X, d, 12, text);
            if (d is 3 or 9)
            {
                threats.Add(id);
            }

            if (d == 12)
            {
                watching = id;
            }
        }

        fear = e.Out("tel:+447700900777", 14, 9, "I'm terrified to go out now");
        return e;
    }

    [Fact]
    public void Every_question_cites_its_source_and_names_only_known_indicators()
    {
        var data = RiskPrompts.Bundled;
        Assert.Equal(13, data.Questions.Count); // DASH 8, DASH "more often / worse", S-DASH 1–11
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"S-DASH {i}"), data.Questions.Where(q => q.Source == "S-DASH").Select(q => q.Id));
        Assert.All(data.Questions, q => Assert.Contains(q.Source, data.Sources.Keys));
        Assert.Contains("Sheridan", data.Sources["S-DASH"], StringComparison.Ordinal);
        Assert.All(data.Questions.SelectMany(q => q.Indicators), code => Assert.True(ScoreWeights.Weights.ContainsKey(code), code));
        Assert.Contains("assessed with the victim", data.Caveat, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_prompt_carries_the_evidence_of_what_bears_on_it_and_unmapped_questions_get_none()
    {
        var result = Planted(out var threats, out var watching, out var fear).Analyze();
        var x = result.Of(X);
        var prompts = RiskPrompts.Bundled.For(x, result.Impact).ToDictionary(p => p.Question.Id);

        // Threats (the two planted messages) are the evidence of S-DASH 6; the surveillance phrase of S-DASH 4.
        Assert.Equal(threats.Order(StringComparer.Ordinal), prompts["S-DASH 6"].Evidence.Order(StringComparer.Ordinal));
        Assert.Equal([watching], prompts["S-DASH 4"].Evidence);

        // S-DASH 1 (is the victim very frightened): the threats and the owner's own words of fear.
        Assert.Equal(threats.Append(fear).Order(StringComparer.Ordinal), prompts["S-DASH 1"].Evidence.Order(StringComparer.Ordinal));
        Assert.Equal(["I'm terrified to go out now"], prompts["S-DASH 1"].Impact.Select(i => i.Matched));

        // Topics nothing in the communications can show are never prompted with evidence.
        foreach (var id in new[] { "S-DASH 3", "S-DASH 7", "S-DASH 8", "S-DASH 9", "S-DASH 10", "S-DASH 11" })
        {
            Assert.False(prompts.ContainsKey(id), id);
        }

        // DASH 8 (constant contact): 20 unanswered contacts fire unanswered; its evidence is that indicator's.
        Assert.Contains("unanswered", prompts["DASH 8"].Indicators.Select(i => i.Code));
        Assert.Superset(x.Indicator("unanswered")!.Evidence.ToHashSet(StringComparer.Ordinal), prompts["DASH 8"].Evidence.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void A_prompt_holds_no_score()
    {
        // Nothing numeric to add up: the records hold the question, the indicators, the words and event ids only.
        Assert.DoesNotContain(typeof(RiskPrompt).GetProperties(), p => p.PropertyType.IsPrimitive || p.PropertyType == typeof(decimal));
        Assert.DoesNotContain(typeof(RiskQuestion).GetProperties(), p => p.PropertyType.IsPrimitive || p.PropertyType == typeof(decimal));
    }

    [Fact]
    public void The_owners_words_go_only_with_persons_of_concern()
    {
        var e = new AnalysisEvents();
        e.In(X, 0, 12, "hi");
        e.Out(X, 0, 13, "hi");
        e.Out("tel:+447700900777", 1, 9, "I'm terrified to go out now");
        var result = e.Analyze();
        Assert.Equal("standard", result.Of(X).Band);
        Assert.Empty(RiskPrompts.Bundled.For(result.Of(X), result.Impact));
    }
}
