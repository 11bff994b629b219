using EvidencePipe.Analysis.Lexicon;

namespace EvidencePipe.Analysis.Tests.Lexicon;

public sealed class PhraseLexiconTests
{
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
        var hit = Assert.Single(PhraseLexicon.Match(PhraseLexicon.Threats, text), h => h.RuleId == rule);
        Assert.False(string.IsNullOrWhiteSpace(hit.Matched));
        Assert.Contains(hit.Matched, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I killed it at the gym today")]
    [InlineData("This traffic is killing me")]
    [InlineData("Sorry I'm late")]
    [InlineData("Will you pick up the kids?")]
    public void Ordinary_messages_are_not_threats(string text) => Assert.Empty(PhraseLexicon.Match(PhraseLexicon.Threats, text));

    [Theory]
    [InlineData("I'm outside your house", "surveillance.outside")]
    [InlineData("saw you at Tesco with him", "surveillance.saw")]
    [InlineData("I know where you live", "surveillance.know")]
    [InlineData("I drove past your work", "surveillance.watching")]
    public void Surveillance_language_is_found(string text, string rule) =>
        Assert.Contains(PhraseLexicon.Match(PhraseLexicon.Surveillance, text), h => h.RuleId == rule);

    [Theory]
    [InlineData("Please stop contacting me")]
    [InlineData("Leave me alone")]
    [InlineData("Do not message me again")]
    [InlineData("I have blocked you")]
    public void Refusals_are_found(string text) => Assert.NotEmpty(PhraseLexicon.Match(PhraseLexicon.Refusals, text));

    [Fact]
    public void Nothing_is_found_in_no_text() => Assert.Empty(PhraseLexicon.Match(PhraseLexicon.Threats, null));
}
