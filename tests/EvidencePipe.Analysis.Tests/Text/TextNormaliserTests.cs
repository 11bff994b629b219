using EvidencePipe.Analysis.Lexicon;

namespace EvidencePipe.Analysis.Tests.Text;

public sealed class TextNormaliserTests
{
    private static readonly Analysis.Text.TextNormaliser Normaliser = PhraseLexicon.Default.Normaliser;

    [Theory]
    [InlineData("Don\u2019t Contact Me \u2014 EVER", "don't contact me - ever")]
    [InlineData("\u201CStop\u201D", "\"stop\"")]
    [InlineData("\uFF2C\uFF25\uFF21\uFF36\uFF25 me alone", "leave me alone")] // full-width letters (NFKC)
    [InlineData("u r so dead", "you are so dead")]
    [InlineData("im outside ur house", "i'm outside your house")]
    [InlineData("dont ignore me", "don't ignore me")]
    [InlineData("Beautiful", "beautiful")]
    public void Text_is_folded_as_documented(string text, string folded) => Assert.Equal(folded, Normaliser.Normalise(text, withMap: false)[0].Text);

    [Fact]
    public void Elongated_letters_give_a_two_letter_and_a_one_letter_variant()
    {
        var variants = Normaliser.Normalise("Noooo youuuu", withMap: false);
        Assert.Equal(["noo youu", "no you"], variants.Select(v => v.Text));
    }

    [Theory]
    [InlineData("Hello there, are you OK?")]
    [InlineData("u r late, dont be silly; ppl r waiting 2nite")]
    [InlineData("It's me. New number: 07700 900777")]
    [InlineData("I'LL KILL U")]
    [InlineData("")]
    [InlineData("'quoted' words and 'u'")]
    public void The_fast_ascii_path_and_the_mapped_path_fold_ascii_text_the_same_way(string text)
    {
        // The fast path folds for matching; the mapped one is re-run only to show a hit as typed: they must agree.
        if (text.Length == 0)
        {
            Assert.Empty(PhraseLexicon.Default.Fold(text));
            return;
        }

        Assert.Equal(Normaliser.Normalise(text, withMap: true)[0].Text, Normaliser.Normalise(text, withMap: false)[0].Text);
    }
}
