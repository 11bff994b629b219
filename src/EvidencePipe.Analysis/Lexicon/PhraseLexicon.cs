using System.Text.Json;
using System.Text.RegularExpressions;
using EvidencePipe.Analysis.Text;

namespace EvidencePipe.Analysis.Lexicon;

/// <summary>One curated phrase pattern and the category it evidences.</summary>
public sealed record PhraseRule(string Id, string Category, Regex Pattern);

/// <summary>A phrase found in a message, with the exact text as the sender typed it for an officer to confirm.</summary>
public sealed record PhraseHit(string RuleId, string Category, string Matched);

/// <summary>
/// Curated phrase sets loaded from a data file (<c>Lexicon/en.lexicon.json</c>, embedded) with a
/// language tag and a version, so a force can review them and load an extended copy
/// (<see cref="Load(Stream)"/>). These are leads for an officer to read, never verdicts: the matched
/// text is always shown verbatim. Text is folded by <see cref="TextNormaliser"/> before matching.
/// </summary>
public sealed class PhraseLexicon
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private static readonly Lazy<PhraseLexicon> English = new(() =>
    {
        using var stream = typeof(PhraseLexicon).Assembly.GetManifestResourceStream("EvidencePipe.Analysis.Lexicon.en.lexicon.json")
            ?? throw new InvalidOperationException("the embedded English lexicon is missing");
        return Load(stream);
    });

    private PhraseLexicon(string language, string version, TextNormaliser normaliser, Regex banter, IReadOnlyDictionary<string, IReadOnlyList<PhraseRule>> sets)
    {
        Language = language;
        Version = version;
        Normaliser = normaliser;
        Banter = banter;
        Threats = sets.GetValueOrDefault("threat") ?? [];
        Surveillance = sets.GetValueOrDefault("surveillance") ?? [];
        Refusals = sets.GetValueOrDefault("refusal") ?? [];
        SelfIdentification = sets.GetValueOrDefault("self-identification") ?? [];
        Impact = sets.GetValueOrDefault("impact") ?? [];
        foreach (var set in new[] { Threats, Surveillance, Refusals, Impact }.Where(s => s.Count > 0))
        {
            // One scan of the whole set first: most messages match nothing, and one alternation is far cheaper than a scan per rule.
            _any[set] = new Regex(string.Join("|", set.Select(r => "(?:" + r.Pattern + ")")), Options);
        }
    }

    private readonly Dictionary<IReadOnlyList<PhraseRule>, Regex> _any = new(ReferenceEqualityComparer.Instance);

    /// <summary>The bundled English lexicon.</summary>
    public static PhraseLexicon Default => English.Value;

    /// <summary>BCP 47 language tag of the phrases (e.g. <c>en</c>).</summary>
    public string Language { get; }

    /// <summary>The lexicon's version, printed with every analysis so a result can be reproduced.</summary>
    public string Version { get; }

    public TextNormaliser Normaliser { get; }

    /// <summary>Markers of joking between people who know each other (laughing emoji, "lol", "jk"), matched on folded text.</summary>
    public Regex Banter { get; }

    public IReadOnlyList<PhraseRule> Threats { get; }

    public IReadOnlyList<PhraseRule> Surveillance { get; }

    /// <summary>The owner telling a contact to stop (the refusal that makes later contact unwanted).</summary>
    public IReadOnlyList<PhraseRule> Refusals { get; }

    /// <summary>
    /// The owner's own words about the effect of the conduct — fear or alarm, distress, changed
    /// day-to-day activities (moved house, changed number or route, stopped going out, time off work):
    /// Protection from Harassment Act 1997 s.4A(1)(b)(ii), for an officer to confirm with the victim.
    /// </summary>
    public IReadOnlyList<PhraseRule> Impact { get; }

    /// <summary>A sender identifying itself ("it's me", "it's Jordan", "new number"); group <c>name</c> holds the claim.</summary>
    public IReadOnlyList<PhraseRule> SelfIdentification { get; }

    /// <summary>The rule sets the analysis reads; a rule naming any other set would be silently unused, so it is refused.</summary>
    public static IReadOnlyList<string> KnownSets { get; } = ["threat", "surveillance", "refusal", "self-identification", "impact"];

    /// <summary>
    /// Reads a lexicon file: <c>{"language","version","textspeak":{…},"banter","rules":[{"set","id","category","pattern"}]}</c>.
    /// A file that is not valid JSON, lacks a field, names an unknown set, repeats a rule id or holds a
    /// pattern that does not compile is refused with a <see cref="LexiconFormatException"/> naming the place
    /// (JSON line, or rule number and id), so a force's edit never half-loads.
    /// </summary>
    public static PhraseLexicon Load(Stream json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            // JsonException counts lines and bytes from 0 (System.Text.Json docs); people count from 1.
            throw new LexiconFormatException(FormattableString.Invariant($"line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}"), "not valid JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LexiconFormatException("top level", "expected an object");
            }

            var language = RequiredString(root, "language", "top level");
            var version = RequiredString(root, "version", "top level");
            var textSpeak = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("textspeak", out var ts))
            {
                if (ts.ValueKind != JsonValueKind.Object)
                {
                    throw new LexiconFormatException("textspeak", "expected an object of word: expansion");
                }

                foreach (var p in ts.EnumerateObject())
                {
                    textSpeak[p.Name] = p.Value.ValueKind == JsonValueKind.String
                        ? p.Value.GetString()!
                        : throw new LexiconFormatException("textspeak." + p.Name, "expected a string");
                }
            }

            var banter = root.TryGetProperty("banter", out var b)
                ? Compile(b.ValueKind == JsonValueKind.String ? b.GetString()! : throw new LexiconFormatException("banter", "expected a string"), "banter")
                : new Regex("(?!)", Options);
            if (!root.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
            {
                throw new LexiconFormatException("top level", "expected \"rules\": [ … ]");
            }

            var sets = new Dictionary<string, List<PhraseRule>>(StringComparer.Ordinal);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var n = 0;
            foreach (var r in rules.EnumerateArray())
            {
                n++;
                var place = FormattableString.Invariant($"rule {n}");
                if (r.ValueKind != JsonValueKind.Object)
                {
                    throw new LexiconFormatException(place, "expected an object");
                }

                var id = RequiredString(r, "id", place);
                place += " (" + id + ")";
                var set = RequiredString(r, "set", place);
                if (!KnownSets.Contains(set, StringComparer.Ordinal))
                {
                    throw new LexiconFormatException(place, $"unknown set '{set}' (known: {string.Join(", ", KnownSets)})");
                }

                if (!ids.Add(id))
                {
                    throw new LexiconFormatException(place, "the id is used by an earlier rule");
                }

                if (!sets.TryGetValue(set, out var list))
                {
                    sets[set] = list = [];
                }

                list.Add(new PhraseRule(id, RequiredString(r, "category", place), Compile(RequiredString(r, "pattern", place), place)));
            }

            return new PhraseLexicon(language, version, new TextNormaliser(textSpeak), banter,
                sets.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PhraseRule>)kv.Value, StringComparer.Ordinal));
        }
    }

    /// <summary>Reads a force's lexicon file; errors name the file as well as the place in it.</summary>
    public static PhraseLexicon LoadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Load(stream);
        }
        catch (LexiconFormatException ex)
        {
            throw new LexiconFormatException(path + ": " + ex.Place, ex.Reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LexiconFormatException(path, ex.Message);
        }
    }

    private static string RequiredString(JsonElement element, string name, string place) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new LexiconFormatException(place, $"\"{name}\" must be a non-empty string");

    private static Regex Compile(string pattern, string place)
    {
        try
        {
            return new Regex(pattern, Options);
        }
        catch (ArgumentException ex)
        {
            throw new LexiconFormatException(place, "the pattern does not compile: " + ex.Message);
        }
    }

    /// <summary>The folded variants of a message (one, or two when letters were elongated).</summary>
    public IReadOnlyList<NormalisedText> Fold(string? text) =>
        string.IsNullOrEmpty(text) ? [] : Normaliser.Normalise(text, withMap: false);

    /// <summary>
    /// The rules of <paramref name="rules"/> that match <paramref name="text"/> after folding, at most one
    /// hit per rule, each with the original text it matched.
    /// </summary>
    public IReadOnlyList<PhraseHit> Match(IReadOnlyList<PhraseRule> rules, string? text) => Match(rules, text, Fold(text));

    /// <summary>As <see cref="Match(IReadOnlyList{PhraseRule}, string?)"/> over variants already folded.</summary>
    public IReadOnlyList<PhraseHit> Match(IReadOnlyList<PhraseRule> rules, string? text, IReadOnlyList<NormalisedText> folded)
    {
        if (string.IsNullOrEmpty(text) || folded.Count == 0)
        {
            return [];
        }

        if (_any.TryGetValue(rules, out var any) && !folded.Any(v => any.IsMatch(v.Text)))
        {
            return [];
        }

        List<PhraseHit>? hits = null;
        IReadOnlyList<NormalisedText>? mapped = null;
        foreach (var rule in rules)
        {
            for (var v = 0; v < folded.Count; v++)
            {
                var m = rule.Pattern.Match(folded[v].Text);
                if (!m.Success)
                {
                    continue;
                }

                // Only now pay for the map back to the original characters (hits are rare).
                mapped ??= Normaliser.Normalise(text, withMap: true);
                (hits ??= []).Add(new PhraseHit(rule.Id, rule.Category, mapped[v].Original(m.Index, m.Length)));
                break;
            }
        }

        return hits ?? (IReadOnlyList<PhraseHit>)[];
    }

    /// <summary>The first self-identification claim in a message ("me", a name, or "new number" as "me"), or null.</summary>
    public string? SelfClaim(IReadOnlyList<NormalisedText> folded)
    {
        foreach (var rule in SelfIdentification)
        {
            foreach (var v in folded)
            {
                if (rule.Pattern.Match(v.Text) is { Success: true } m)
                {
                    return m.Groups["name"].Success ? m.Groups["name"].Value : "me";
                }
            }
        }

        return null;
    }

    /// <summary>Does a message carry a banter marker (laughing emoji, "lol", "jk")?</summary>
    public bool IsBanter(IReadOnlyList<NormalisedText> folded) => folded.Any(v => Banter.IsMatch(v.Text));
}
