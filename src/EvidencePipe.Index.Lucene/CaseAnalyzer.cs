using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace EvidencePipe.Index.Lucene;

/// <summary>
/// The one analyzer chain for messages (README "Search"). Text, subject and names: UAX #29 word breaks
/// with URLs and e-mail addresses kept whole (Lucene's UAX29URLEmailTokenizer; numbers stay tokens),
/// then <see cref="MessageTermFilter"/> (NFKC, apostrophes, lower case, diacritics folded, parts of
/// punctuated tokens stacked), then the case language's Snowball stemmer if it has one. Parties
/// (<c>from</c>, <c>to</c>: identifier and display name): split at anything but a letter or digit,
/// as the identifier <c>tel:+447700900666</c> or <c>email:jordan@example.net</c> is searched by its parts.
/// </summary>
public sealed class CaseAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Changes whenever the tokens made from the same text would change: an index made under another key is rebuilt.</summary>
    public const string ChainVersion = "message-v1";

    private readonly Func<SnowballProgram>? _stemmer;

    public CaseAnalyzer(string? language)
        : base(PER_FIELD_REUSE_STRATEGY)
    {
        Language = CaseLanguages.Canonical(language);
        _stemmer = CaseLanguages.Stemmer(Language);
    }

    /// <summary>The case language (<c>none</c>: no stemming).</summary>
    public string Language { get; }

    /// <summary>Recorded with each index commit.</summary>
    public string Key => ChainVersion + "/" + Language;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        if (fieldName is EventFields.From or EventFields.To)
        {
            var party = new PartyTokenizer(reader);
            return new TokenStreamComponents(party, new MessageTermFilter(party));
        }

        var tokenizer = new UAX29URLEmailTokenizer(Version, reader);
        TokenStream stream = new MessageTermFilter(tokenizer);
        if (_stemmer is not null)
        {
            stream = new SnowballFilter(stream, _stemmer());
        }

        return new TokenStreamComponents(tokenizer, stream);
    }

    /// <summary>Text and subject are two values of one field: a phrase must not run from one into the other.</summary>
    public override int GetPositionIncrementGap(string fieldName) => 100;

    public override int GetOffsetGap(string fieldName) => 1;

    private sealed class PartyTokenizer(TextReader reader) : CharTokenizer(Version, reader)
    {
        protected override bool IsTokenChar(int c) => c <= char.MaxValue ? char.IsLetterOrDigit((char)c) : char.IsLetterOrDigit(char.ConvertFromUtf32(c), 0);
    }
}

/// <summary>The languages a case may be given for stemming (<c>ingest --language</c>): Analysis.Common's Snowball stemmers.</summary>
public static class CaseLanguages
{
    public const string None = "none";

    private static readonly Dictionary<string, Func<SnowballProgram>> Stemmers = new(StringComparer.Ordinal)
    {
        ["danish"] = () => new DanishStemmer(),
        ["dutch"] = () => new DutchStemmer(),
        ["english"] = () => new EnglishStemmer(),
        ["finnish"] = () => new FinnishStemmer(),
        ["french"] = () => new FrenchStemmer(),
        ["german"] = () => new German2Stemmer(),
        ["hungarian"] = () => new HungarianStemmer(),
        ["italian"] = () => new ItalianStemmer(),
        ["norwegian"] = () => new NorwegianStemmer(),
        ["portuguese"] = () => new PortugueseStemmer(),
        ["romanian"] = () => new RomanianStemmer(),
        ["russian"] = () => new RussianStemmer(),
        ["spanish"] = () => new SpanishStemmer(),
        ["swedish"] = () => new SwedishStemmer(),
        ["turkish"] = () => new TurkishStemmer(),
    };

    /// <summary><c>none</c> and every stemming language, sorted.</summary>
    public static IReadOnlyList<string> Known { get; } = [None, .. Stemmers.Keys.Order(StringComparer.Ordinal)];

    public static bool IsKnown(string language) => Known.Contains(Canonical(language));

    /// <summary>Lower case; ISO 639-1 codes (<c>en</c>, <c>de</c>…) accepted for the names.</summary>
    public static string Canonical(string? language)
    {
        var l = (language ?? None).Trim().ToLowerInvariant();
        return l switch
        {
            "" => None,
            "da" => "danish",
            "nl" => "dutch",
            "en" => "english",
            "fi" => "finnish",
            "fr" => "french",
            "de" => "german",
            "hu" => "hungarian",
            "it" => "italian",
            "no" or "nb" => "norwegian",
            "pt" => "portuguese",
            "ro" => "romanian",
            "ru" => "russian",
            "es" => "spanish",
            "sv" => "swedish",
            "tr" => "turkish",
            _ => l,
        };
    }

    internal static Func<SnowballProgram>? Stemmer(string canonical) =>
        canonical == None ? null
        : Stemmers.TryGetValue(canonical, out var make) ? make
        : throw new ArgumentException($"unknown language '{canonical}' (known: {string.Join(", ", Known)})", nameof(canonical));
}
