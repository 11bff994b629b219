using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>End-to-end on a generated case in the real formats (SMS Backup XML, calls XML, WhatsApp text, mbox, vCard).</summary>
public sealed class ContactsCommandTests(GeneratedCase generated) : IClassFixture<GeneratedCase>
{
    private const string Order = "party=07700900666,from=2024-04-01,type=RO";
    private readonly TempDirectory _dir = generated.Directory;

    private async Task<JsonElement> Contacts(params string[] extra)
    {
        var run = await CliRunner.RunAsync(["contacts", "--case", _dir.Combine("case"), "--json", .. extra]);
        Assert.Equal(0, run.ExitCode);
        return run.Json;
    }

    [Fact]
    public async Task The_unreciprocated_rising_night_time_threatening_contact_is_ranked_first_and_banded_high()
    {
        var first = (await Contacts()).GetProperty("contacts")[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal("Jordan Blake", first.GetProperty("person").GetString());
        Assert.Equal("high", first.GetProperty("band").GetString());
        var codes = first.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "course_of_conduct", "escalation", "night_time", "threats", "threat_occasions", "contact_after_refusal" }, codes);
        Assert.True(first.GetProperty("legal").GetProperty("s4a_fear_of_violence_evidence").GetBoolean());
        Assert.Contains("name:Jordan", first.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task The_onset_is_within_a_few_days_of_the_planted_rise()
    {
        // CaseSynthesizer starts the stalker's rise on day 60 of the case: 1 March 2024.
        var onset = DateOnly.Parse((await Contacts()).GetProperty("contacts")[0].GetProperty("onset").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(onset, new DateOnly(2024, 2, 25), new DateOnly(2024, 3, 8));
    }

    [Fact]
    public async Task A_forces_own_lexicon_replaces_the_bundled_one_and_is_named_in_the_result()
    {
        // A lexicon with no threat phrases: the planted threats can no longer be found, so the
        // threat indicators must go, and the result must name the file's version, not the bundled one.
        var file = _dir.Combine("no-threats.lexicon.json");
        await File.WriteAllTextAsync(file, """
            {"language":"en","version":"force-test-1","rules":[
              {"set":"refusal","id":"refusal.stop","category":"refusal","pattern":"\\bstop (?:contacting|texting|messaging|calling) me\\b"}]}
            """);

        var bundled = await Contacts();
        var own = await Contacts("--lexicon", file);

        Assert.Equal("force-test-1", own.GetProperty("lexicon").GetString());
        Assert.NotEqual("force-test-1", bundled.GetProperty("lexicon").GetString());
        static HashSet<string?> Codes(JsonElement c) => c.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToHashSet();
        var jordanBundled = bundled.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Jordan Blake");
        var jordanOwn = own.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Jordan Blake");
        Assert.Contains("threats", Codes(jordanBundled));
        Assert.DoesNotContain("threats", Codes(jordanOwn));
        Assert.DoesNotContain("threat_occasions", Codes(jordanOwn));
    }

    [Fact]
    public async Task A_lexicon_with_a_broken_pattern_is_a_usage_error_naming_the_file_and_rule_and_the_case_is_untouched()
    {
        var file = _dir.Combine("broken.lexicon.json");
        await File.WriteAllTextAsync(file, """{"language":"en","version":"v","rules":[{"set":"threat","id":"threat.mine","category":"c","pattern":"(unclosed"}]}""");
        var before = CliRunner.HashTree(_dir.Combine("case"));

        var run = await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--lexicon", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(file + ": rule 1 (threat.mine)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.HashTree(_dir.Combine("case")));
    }

    [Fact]
    public async Task A_heavy_but_reciprocated_daily_contact_is_not_banded_high()
    {
        var sam = (await Contacts()).GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Sam Taylor");
        Assert.NotEqual("high", sam.GetProperty("band").GetString());
        Assert.True(sam.GetProperty("events").GetInt32() > 1000);
        Assert.DoesNotContain(sam.GetProperty("indicators").EnumerateArray(), i => i.GetProperty("code").GetString() is "threats" or "unanswered");
    }

    [Fact]
    public async Task Every_indicator_carries_its_evidence_and_every_evidence_id_is_a_real_event()
    {
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var ids = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToHashSet();
        foreach (var contact in (await Contacts()).GetProperty("contacts").EnumerateArray())
        {
            foreach (var indicator in contact.GetProperty("indicators").EnumerateArray())
            {
                var evidence = indicator.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToList();
                Assert.NotEmpty(evidence);
                Assert.All(evidence, id => Assert.Contains(id, ids));
                Assert.False(string.IsNullOrWhiteSpace(indicator.GetProperty("detail").GetString()));
            }
        }
    }

    [Fact]
    public async Task Breaches_of_an_order_from_local_midnight_after_the_clocks_change_are_counted_exactly()
    {
        // Expected count computed independently from the export: the stalker's incoming events at or
        // after 2024-04-01 00:00 BST, which is 2024-03-31T23:00:00Z.
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var expected = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Count(e => e.GetProperty("direction").GetString() == "incoming"
                && e.GetProperty("from").GetString() is "tel:+447700900666" or "name:Jordan" or "email:jordan.blake@example.com"
                && string.CompareOrdinal(e.GetProperty("time").GetString(), "2024-03-31T23:00:00.000Z") >= 0);
        Assert.True(expected > 100);

        var jordan = (await Contacts("--order", Order)).GetProperty("contacts")[0];
        var breach = Assert.Single(jordan.GetProperty("breaches").EnumerateArray());
        Assert.Equal(Order, breach.GetProperty("order").GetString());
        Assert.Equal(expected, breach.GetProperty("count").GetInt32());
        Assert.True(string.CompareOrdinal(breach.GetProperty("first").GetString(), "2024-03-31T23:00:00.000Z") >= 0);
        Assert.Contains(jordan.GetProperty("indicators").EnumerateArray(), i => i.GetProperty("code").GetString() == "order_breach_course");
    }

    [Fact]
    public async Task A_message_one_minute_before_local_midnight_is_not_a_breach_and_one_at_midnight_is()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("e"));
        await File.WriteAllTextAsync(dir.Combine("e", "WhatsApp Chat with Jordan.txt"),
            "31/03/2024, 23:59 - Jordan: one minute before\n01/04/2024, 00:00 - Jordan: at midnight\n01/04/2024, 00:01 - Alex: stop\n");
        await CliRunner.RunAsync("ingest", dir.Combine("e"), "--case", dir.Combine("case"), "--owner", "name:Alex");
        var run = await CliRunner.RunAsync("contacts", "--case", dir.Combine("case"), "--json", "--order", "party=name:Jordan,from=2024-04-01");
        var breach = run.Json.GetProperty("contacts")[0].GetProperty("breaches")[0];
        Assert.Equal(1, breach.GetProperty("count").GetInt32());
        Assert.Equal("2024-03-31T23:00:00.000Z", breach.GetProperty("first").GetString());
    }

    [Fact]
    public async Task The_output_is_deterministic()
    {
        var a = await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json", "--order", Order);
        var b = await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json", "--order", Order);
        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Fact]
    public async Task A_bad_order_spec_is_a_usage_error()
    {
        var run = await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--order", "party=x");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("from= are required", run.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>One generated and ingested case shared by the tests of a class (read-only use).</summary>
public sealed class GeneratedCase : IDisposable
{
    public GeneratedCase()
    {
        CliRunner.RunAsync("synth", "--out", Directory.Combine("evidence"), "--events", "4000", "--seed", "5").GetAwaiter().GetResult();
        CliRunner.RunAsync("ingest", Directory.Combine("evidence"), "--case", Directory.Combine("case"), "--owner", "07700900123", "--owner", "name:Alex", "--owner", "email:alex@example.org").GetAwaiter().GetResult();
    }

    public TempDirectory Directory { get; } = new();

    public void Dispose() => Directory.Dispose();
}

public sealed class IdentitySwitchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_new_number_that_says_its_me_days_after_a_refusal_is_proposed_as_the_same_person_and_marked_inferred()
    {
        var start = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const long Day = 86_400_000;
        var rows = new List<string>();
        for (var d = 0; d < 10; d++)
        {
            rows.Add($"<sms address=\"+447700900666\" date=\"{start + d * Day}\" type=\"1\" body=\"call me back\" contact_name=\"Jordan Blake\" />");
        }

        rows.Add($"<sms address=\"+447700900666\" date=\"{start + 10 * Day}\" type=\"2\" body=\"Please stop contacting me\" contact_name=\"Jordan Blake\" />");
        rows.Add($"<sms address=\"+447700900777\" date=\"{start + 13 * Day}\" type=\"1\" body=\"It's me, new number. Answer\" />");
        rows.Add($"<sms address=\"+447700900777\" date=\"{start + 14 * Day}\" type=\"1\" body=\"why won't you answer\" />");
        rows.Add($"<sms address=\"+447700900888\" date=\"{start + 13 * Day}\" type=\"1\" body=\"Your parcel is on its way\" />");
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "sms.xml"), $"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{rows.Count}\">\n{string.Join('\n', rows)}\n</smses>\n");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--owner", "07700900123");

        var run = await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json");
        var jordan = run.Json.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Jordan Blake");
        Assert.Contains("tel:+447700900777", jordan.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
        Assert.DoesNotContain("tel:+447700900888", jordan.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
        var indicator = jordan.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "identity_switch");
        Assert.Contains("inferred", indicator.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(jordan.GetProperty("links").EnumerateArray(), l => l.GetProperty("inferred").GetBoolean() && l.GetProperty("basis").GetString()!.Contains("identity switch", StringComparison.Ordinal));
        Assert.Contains(jordan.GetProperty("indicators").EnumerateArray(), i => i.GetProperty("code").GetString() == "contact_after_refusal" && i.GetProperty("value").GetDouble() == 2);
    }
}
