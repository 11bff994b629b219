using System.Text.Json;
using EvidencePipe.Analysis.Scoring;

namespace EvidencePipe.Analysis.Risk;

/// <summary>A published risk question (DASH/S-DASH) and the indicators and impact categories that bear on it.</summary>
public sealed record RiskQuestion(string Id, string Source, string Topic, IReadOnlyList<string> Indicators, IReadOnlyList<string> Impact);

/// <summary>A question with what the communications show about it: the indicators that fired, the impact phrases, their events.</summary>
public sealed record RiskPrompt(RiskQuestion Question, IReadOnlyList<Indicator> Indicators, IReadOnlyList<ImpactEvidence> Impact, IReadOnlyList<string> Evidence);

/// <summary>
/// Risk prompts, not grades (issue 17, item 7): each published DASH/S-DASH question is paired with the
/// indicators and the victim's own impact phrases that bear on it, with their evidence, for the officer
/// who assesses risk with the victim. Nothing here is counted or scored. The questions are data
/// (<c>Risk/risk-prompts.json</c>, with its sources) so a force can review them.
/// </summary>
public sealed class RiskPrompts
{
    private RiskPrompts(string version, IReadOnlyDictionary<string, string> sources, string caveat, IReadOnlyList<RiskQuestion> questions)
    {
        Version = version;
        Sources = sources;
        Caveat = caveat;
        Questions = questions;
    }

    public string Version { get; }

    /// <summary>Each source's citation, by the name the questions use.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    public string Caveat { get; }

    public IReadOnlyList<RiskQuestion> Questions { get; }

    public static RiskPrompts Bundled { get; } = Load();

    /// <summary>The questions with evidence for this person, in the data's order; an empty list when none has any.</summary>
    public IReadOnlyList<RiskPrompt> For(ContactReport contact, IReadOnlyList<ImpactEvidence> impact)
    {
        var prompts = new List<RiskPrompt>();
        foreach (var q in Questions)
        {
            var fired = contact.Indicators.Where(i => q.Indicators.Contains(i.Code, StringComparer.Ordinal)).ToList();
            // The owner's impact phrases are not about one person: they go with each person of concern
            // (band medium or high), as in the report's legal panel.
            var words = contact.Band == "standard" ? [] : impact.Where(i => q.Impact.Contains(i.Category, StringComparer.Ordinal)).ToList();
            if (fired.Count == 0 && words.Count == 0)
            {
                continue;
            }

            var evidence = fired.SelectMany(i => i.Evidence).Concat(words.Select(w => w.EventId)).Distinct(StringComparer.Ordinal).ToList();
            prompts.Add(new RiskPrompt(q, fired, words, evidence));
        }

        return prompts;
    }

    private static RiskPrompts Load()
    {
        using var stream = typeof(RiskPrompts).Assembly.GetManifestResourceStream("EvidencePipe.Analysis.Risk.risk-prompts.json")
            ?? throw new InvalidOperationException("the bundled risk-prompts.json is missing from the assembly");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var sources = root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var questions = root.GetProperty("questions").EnumerateArray().Select(q => new RiskQuestion(
            q.GetProperty("id").GetString()!,
            q.GetProperty("source").GetString()!,
            q.GetProperty("topic").GetString()!,
            [.. q.GetProperty("indicators").EnumerateArray().Select(i => i.GetString()!)],
            [.. q.GetProperty("impact").EnumerateArray().Select(i => i.GetString()!)])).ToList();

        // The data must name only what exists: a known source, indicator codes of the scoring table.
        foreach (var q in questions)
        {
            if (!sources.ContainsKey(q.Source))
            {
                throw new InvalidOperationException($"risk-prompts.json: question {q.Id} names the unknown source '{q.Source}'");
            }

            if (q.Indicators.FirstOrDefault(c => !ScoreWeights.Weights.ContainsKey(c)) is { } unknown)
            {
                throw new InvalidOperationException($"risk-prompts.json: question {q.Id} names the unknown indicator '{unknown}'");
            }
        }

        return new RiskPrompts(root.GetProperty("version").GetString()!, sources, root.GetProperty("caveat").GetString()!, questions);
    }
}
