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

    private static LexiconFormatException Refused(string json) =>
        Assert.Throws<LexiconFormatException>(() => PhraseLexicon.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));

    [Fact]
    public void A_lexicon_that_is_not_json_is_refused_naming_the_line()
    {
        // The stray "x" is the first character of line 3 (counted from 1 by hand).
        var ex = Refused("{\n  \"language\": \"en\",\nx\n}");
        Assert.StartsWith("line 3,", ex.Place, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":"v","rules":[]}""", "top level", "\"language\"")]
    [InlineData("""{"language":"en","version":"v"}""", "top level", "\"rules\"")]
    [InlineData("""{"language":"en","version":"v","rules":[{"set":"threats","id":"a","category":"c","pattern":"x"}]}""", "rule 1 (a)", "unknown set 'threats'")]
    [InlineData("""{"language":"en","version":"v","rules":[{"set":"threat","id":"a","category":"c","pattern":"x"},{"set":"refusal","id":"a","category":"c","pattern":"y"}]}""", "rule 2 (a)", "earlier rule")]
    [InlineData("""{"language":"en","version":"v","rules":[{"set":"threat","id":"a","category":"c","pattern":"(unclosed"}]}""", "rule 1 (a)", "does not compile")]
    [InlineData("""{"language":"en","version":"v","rules":[{"set":"threat","id":"a","pattern":"x"}]}""", "rule 1 (a)", "\"category\"")]
    [InlineData("""{"language":"en","version":"v","banter":"[","rules":[]}""", "banter", "does not compile")]
    [InlineData("""{"language":"en","version":"v","textspeak":{"u":1},"rules":[]}""", "textspeak.u", "expected a string")]
    public void A_lexicon_a_force_got_wrong_is_refused_naming_the_place_and_the_reason(string json, string place, string reason)
    {
        var ex = Refused(json);
        Assert.Equal(place, ex.Place);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lexicon_file_error_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "lexicon-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{"language":"en","version":"v","rules":[{"set":"threat","id":"a","category":"c","pattern":"("}]}""");
        try
        {
            var ex = Assert.Throws<LexiconFormatException>(() => PhraseLexicon.LoadFile(path));
            Assert.Equal(path + ": rule 1 (a)", ex.Place);
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_bundled_lexicon_file_loads_from_disk_the_same_as_embedded()
    {
        // The file in the source tree is the one embedded: a force starts from it.
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "EvidencePipe.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        var fromDisk = PhraseLexicon.LoadFile(Path.Combine(dir!, "src", "EvidencePipe.Analysis", "Lexicon", "en.lexicon.json"));
        Assert.Equal(L.Version, fromDisk.Version);
        Assert.Equal(L.Threats.Select(r => r.Id), fromDisk.Threats.Select(r => r.Id));
        Assert.Equal(L.Refusals.Select(r => r.Id), fromDisk.Refusals.Select(r => r.Id));
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
