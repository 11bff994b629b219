using System.Text.RegularExpressions;

namespace EvidencePipe.Analysis.Lexicon;

/// <summary>One curated phrase pattern and the category it evidences.</summary>
public sealed record PhraseRule(string Id, string Category, Regex Pattern);

/// <summary>A phrase found in a message, with the exact matched text for an officer to confirm.</summary>
public sealed record PhraseHit(string RuleId, string Category, string Matched);

/// <summary>
/// Curated phrase sets. These are leads for an officer to read, never verdicts: the matched text is
/// always shown verbatim. Categories follow the S-DASH questions on threats (to kill, to harm
/// family/children/pets, suicide) and the "surveillance" behaviours of Monckton Smith's stage 7.
/// </summary>
public static partial class PhraseLexicon
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public static IReadOnlyList<PhraseRule> Threats { get; } =
    [
        new("threat.kill", "threat to kill", new Regex(@"\b(?:(?:i(?:'ll| will|'m going to| am going to|'m gonna| am gonna)|gonna)\s+(?:fucking\s+)?kill\s+(?:you|u|him|her|them)|you(?:'re| are)\s+(?:a\s+)?dead(?:\s+(?:man|woman))?\b|kill\s+you)", Options)),
        new("threat.harm", "first-person future harm", new Regex(@"\bi(?:'ll| will|'m going to| am going to|'m gonna| am gonna)\s+(?:hurt|hit|smash|stab|burn|get|ruin|destroy|make you pay|find you|come for)\b[^.!?\n]{0,40}", Options)),
        new("threat.conditional", "conditional threat", new Regex(@"\bif (?:i can'?t have you,? (?:nobody|no one|no-one) (?:will|can)|you (?:don'?t|do not|won'?t|go to the police|tell anyone|leave)[^.!?\n]{0,40}(?:i(?:'ll| will)|you'?ll (?:regret|be sorry)))", Options)),
        new("threat.regret", "veiled threat", new Regex(@"\byou(?:'ll| will)\s+(?:regret (?:this|it)|be sorry|pay for (?:this|it))|don'?t make me do something\b[^.!?\n]{0,20}|watch your back\b", Options)),
        new("threat.family", "threat to family, children or pets", new Regex(@"\b(?:your|ur)\s+(?:kids?|children|son|daughter|mum|mom|dad|family|dog|cat|pets?)\b[^.!?\n]{0,30}\b(?:hurt|dead|die|sorry|regret|pay|watch)\b", Options)),
        new("threat.suicide", "suicide threat", new Regex(@"\b(?:i(?:'ll| will|'m going to| am going to)\s+kill myself|end it all|i(?:'ll| will) (?:take|end) my (?:own )?life|you'?ll be sorry when i'?m (?:gone|dead))\b", Options)),
    ];

    public static IReadOnlyList<PhraseRule> Surveillance { get; } =
    [
        new("surveillance.outside", "outside the victim's places", new Regex(@"\b(?:i'?m|i am|i was|been|sat|waiting)\s+outside\s+(?:your|ur)\s+(?:house|home|flat|place|work|office|door|window|school|gym)\b", Options)),
        new("surveillance.saw", "saw you at / with", new Regex(@"\b(?:i\s+)?saw\s+(?:you|u)\s+(?:at|with|in|on|leaving|going)\b[^.!?\n]{0,30}", Options)),
        new("surveillance.know", "knows where the victim is", new Regex(@"\bi know where (?:you|u) (?:live|work|are|go|sleep)\b", Options)),
        new("surveillance.watching", "watching / following", new Regex(@"\b(?:i'?m|i am|been)\s+(?:watching|following)\s+(?:you|u)\b|\bfollowed (?:you|u)\b|\bdrove (?:past|by) (?:your|ur)\b[^.!?\n]{0,20}", Options)),
    ];

    /// <summary>The owner telling a contact to stop (the refusal that makes later contact unwanted).</summary>
    public static IReadOnlyList<PhraseRule> Refusals { get; } =
    [
        new("refusal.stop", "asked to stop", new Regex(@"\b(?:stop|quit)\s+(?:contacting|messaging|texting|calling|ringing|following)\s+me\b|\bleave me alone\b|\b(?:do not|don'?t)\s+(?:contact|message|text|call)\s+me\b|\bi(?:'ve| have)?\s+blocked you\b|\bwant (?:nothing|no contact) (?:to do )?with you\b", Options)),
    ];

    public static IEnumerable<PhraseHit> Match(IReadOnlyList<PhraseRule> rules, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (var rule in rules)
        {
            var m = rule.Pattern.Match(text);
            if (m.Success)
            {
                yield return new PhraseHit(rule.Id, rule.Category, m.Value.Trim());
            }
        }
    }
}
