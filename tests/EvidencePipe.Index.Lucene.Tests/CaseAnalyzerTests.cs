using EvidencePipe.Store.Sqlite;
using EvidencePipe.Store.Sqlite.Tests;
using EvidencePipe.TestSupport;
using Lucene.Net.Analysis.TokenAttributes;

namespace EvidencePipe.Index.Lucene.Tests;

public sealed class CaseAnalyzerTests
{
    private static List<string> Tokens(string text, string? language = null, string field = EventFields.Text)
    {
        using var analyzer = new CaseAnalyzer(language);
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var list = new List<string>();
        while (stream.IncrementToken())
        {
            list.Add(term.ToString());
        }

        stream.End();
        return list;
    }

    [Fact]
    public void The_parts_of_a_punctuated_token_keep_its_type_at_its_position_with_their_own_offsets()
    {
        // Expected by hand from the text: "see " is 0-3, the URL 4-28 (https 4-9, example 12-19, org 20-23, path 24-28),
        // "now" 29-32; UAX #29 URL/e-mail tokenizer types as Lucene names them (<ALPHANUM>, <URL>, <EMAIL>).
        using var analyzer = new CaseAnalyzer(null);
        using var stream = analyzer.GetTokenStream(EventFields.Text, "see https://example.org/path now jo@x.org");
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var tokens = new List<string>();
        while (stream.IncrementToken())
        {
            tokens.Add($"{term} {offset.StartOffset}-{offset.EndOffset} +{position.PositionIncrement} {type.Type}");
        }

        stream.End();
        Assert.Equal(
            [
                "see 0-3 +1 <ALPHANUM>", "https://example.org/path 4-28 +1 <URL>", "https 4-9 +0 <URL>", "example 12-19 +0 <URL>",
                "org 20-23 +0 <URL>", "path 24-28 +0 <URL>", "now 29-32 +1 <ALPHANUM>", "jo@x.org 33-41 +1 <EMAIL>", "jo 33-35 +0 <EMAIL>",
                "x 36-37 +0 <EMAIL>", "org 38-41 +0 <EMAIL>",
            ],
            tokens);
    }

    [Fact]
    public void Curly_and_straight_apostrophes_give_the_same_token() =>
        Assert.Equal(Tokens("don't"), Tokens("don\u2019t"));

    [Fact]
    public void Case_diacritics_and_compatibility_forms_are_folded()
    {
        // NFKC maps the full-width letters and the ﬁ ligature (U+FB01) to plain ones; ASCII folding takes é to e.
        Assert.Equal(["cafe", "fine", "hello"], Tokens("Café ﬁne \uFF28\uFF25\uFF2C\uFF2C\uFF2F"));
    }

    [Fact]
    public void A_url_and_an_email_address_stay_whole_with_their_words_beside_them()
    {
        var tokens = Tokens("see https://example.org/path now");
        Assert.Contains("https://example.org/path", tokens);
        Assert.Contains("example", tokens);
        Assert.Contains("path", tokens);
        Assert.Contains("jordan@example.net", Tokens("mail jordan@example.net"));
    }

    [Fact]
    public void Numbers_are_tokens() => Assert.Equal(["call", "07700", "900666", "at", "9"], Tokens("Call 07700 900666 at 9"));

    [Fact]
    public void A_possessive_is_found_by_the_bare_word_as_well_as_exactly()
    {
        var tokens = Tokens("Jordan's car");
        Assert.Contains("jordan's", tokens);
        Assert.Contains("jordan", tokens);
    }

    [Fact]
    public void A_case_language_adds_its_stemmer()
    {
        Assert.Equal(["threatening"], Tokens("threatening"));
        Assert.Equal(["threaten"], Tokens("threatening", "english"));
        Assert.Equal(["threaten"], Tokens("threatened", "en"));
        Assert.Equal(["haus"], Tokens("Häuser", "german"));
    }

    [Fact]
    public void Unknown_languages_are_refused_and_codes_accepted()
    {
        Assert.Throws<ArgumentException>(() => new CaseAnalyzer("klingon"));
        Assert.Equal("english", CaseLanguages.Canonical("EN"));
        Assert.True(CaseLanguages.IsKnown("none"));
    }

    [Fact]
    public void Searches_find_text_whatever_the_apostrophe_accent_or_width()
    {
        using var dir = new TempDirectory();
        using var store = CaseStore.Open(dir.Path, create: true);
        CaseBuilder.Write(store, [
            CaseBuilder.Message(1, "I don\u2019t care about Jordan's café"),
            CaseBuilder.Message(2, "\uFF28\uFF25\uFF2C\uFF2C\uFF2F there, see https://example.org/x"),
        ]);
        Assert.Equal(1, CaseSearch.Run(store, "don't").Total);
        Assert.Equal(1, CaseSearch.Run(store, "\"don't care\"").Total);
        Assert.Equal(1, CaseSearch.Run(store, "cafe").Total);
        Assert.Equal(1, CaseSearch.Run(store, "jordan").Total);
        Assert.Equal(1, CaseSearch.Run(store, "hello").Total);
        Assert.Equal(1, CaseSearch.Run(store, "example").Total);
        Assert.Equal(1, CaseSearch.Run(store, "https://example.org/x").Total);
    }
}
