using EvidencePipe.Analysis.Lexicon;

namespace EvidencePipe.Analysis.Tests.Lexicon;

public sealed class PhraseLexiconTests
{
    private static readonly PhraseLexicon L = PhraseLexicon.Default;

    [Theory]
    [InlineData("I\u2019ll hurt you", "threat.harm", "I\u2019ll hurt you")]
    [InlineData("I\u2019m outside your house", "surveillance.outside", "I\u2019m outside your house")]
    [InlineData("I WILL KILL YOU", "threat.kill", "I WILL KILL YOU")]
    [InlineData("im gonna killlll youuuu", "threat.kill", "im gonna killlll youuuu")]
    [InlineData("u\u2019ll regret this", "threat.regret", "u\u2019ll regret this")]
    [InlineData("ur kids will be sorry", "threat.family", "ur kids will be sorry")]
    [InlineData("\uFF29'll kill you", "threat.kill", "\uFF29'll kill you")]
    [InlineData("I know where u live", "surveillance.know", "I know where u live")]
    public void Phone_typography_case_elongation_and_text_speak_are_folded_and_the_hit_is_shown_as_typed(string text, string rule, string shown)
    {
        var hits = L.Match(rule.StartsWith("threat", StringComparison.Ordinal) ? L.Threats : L.Surveillance, text);
        var hit = Assert.Single(hits, h => h.RuleId == rule);
        Assert.Equal(shown, hit.Matched);
    }

    [Theory]
    [InlineData("I\u2019ve blocked you")]
    [InlineData("don\u2019t contact me")]
    [InlineData("dont contact me again")]
    [InlineData("STOP MESSAGING ME")]
    [InlineData("Leave me alone \u2014 please")]
    public void Refusals_typed_on_a_phone_are_found(string text) => Assert.NotEmpty(L.Match(L.Refusals, text));

    [Fact]
    public void The_bundled_lexicon_has_a_language_tag_and_a_version()
    {
        Assert.Equal("en", L.Language);
        Assert.Matches(@"^en-\d{4}\.\d{2}-\d+$", L.Version);
        Assert.Equal(6, L.Threats.Count);
        Assert.Equal(4, L.Surveillance.Count);
        Assert.Single(L.Refusals);
    }

    [Fact]
    public void A_force_can_load_its_own_lexicon_file()
    {
        const string json = """{"language":"cy","version":"cy-test-1","textspeak":{"ti":"chi"},"rules":[{"set":"threat","id":"threat.lladd","category":"bygwth lladd","pattern":"\\bladd chi\\b"}]}""";
        var lexicon = PhraseLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal("cy", lexicon.Language);
        Assert.Equal("Ladd ti", Assert.Single(lexicon.Match(lexicon.Threats, "Dw i am Ladd ti")).Matched);
    }

    [Theory]
    [InlineData("I could kill you for that spoiler \U0001F602", true)]
    [InlineData("haha you're dead meat", true)]
    [InlineData("I will kill you", false)]
    public void Banter_markers_are_recognised(string text, bool banter) => Assert.Equal(banter, L.IsBanter(L.Fold(text)));
    [Theory]
    [InlineData("I will kill you", "threat.kill")]
    [InlineData("im gonna kill u", "threat.kill")]
    [InlineData("you're dead", "threat.kill")]
    [InlineData("I'm going to hurt you so bad", "threat.harm")]
    [InlineData("If I can't have you nobody will", "threat.conditional")]
    [InlineData("if you go to the police I'll make you pay", "threat.conditional")]
    [InlineData("You'll regret this", "threat.regret")]
    [InlineData("your kids will be sorry", "threat.family")]
    [InlineData("I'll kill myself if you leave", "threat.suicide")]
    public void Threats_are_found_with_the_matched_text(string text, string rule)
    {
        var hit = Assert.Single(L.Match(L.Threats, text), h => h.RuleId == rule);
        Assert.False(string.IsNullOrWhiteSpace(hit.Matched));
        Assert.Contains(hit.Matched, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I killed it at the gym today")]
    [InlineData("This traffic is killing me")]
    [InlineData("Sorry I'm late")]
    [InlineData("Will you pick up the kids?")]
    public void Ordinary_messages_are_not_threats(string text) => Assert.Empty(L.Match(L.Threats, text));

    [Theory]
    [InlineData("I'm outside your house", "surveillance.outside")]
    [InlineData("saw you at Tesco with him", "surveillance.saw")]
    [InlineData("I know where you live", "surveillance.know")]
    [InlineData("I drove past your work", "surveillance.watching")]
    public void Surveillance_language_is_found(string text, string rule) =>
        Assert.Contains(L.Match(L.Surveillance, text), h => h.RuleId == rule);

    [Theory]
    [InlineData("Please stop contacting me")]
    [InlineData("Leave me alone")]
    [InlineData("Do not message me again")]
    [InlineData("I have blocked you")]
    public void Refusals_are_found(string text) => Assert.NotEmpty(L.Match(L.Refusals, text));

    [Fact]
    public void Nothing_is_found_in_no_text() => Assert.Empty(L.Match(L.Threats, null));
}
