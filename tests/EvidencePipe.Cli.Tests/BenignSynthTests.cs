using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary><c>synth --benign</c> end to end: deterministic files, ingested and scored with no person banded high.</summary>
public sealed class BenignSynthTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_benign_case_is_byte_identical_for_a_seed_and_nobody_in_it_is_banded_high()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("synth", "--benign", "--out", _dir.Combine("a"), "--events", "8000", "--seed", "3")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("synth", "--benign", "--out", _dir.Combine("b"), "--events", "8000", "--seed", "3")).ExitCode);
        Assert.Equal(CliRunner.HashTree(_dir.Combine("a")), CliRunner.HashTree(_dir.Combine("b")));

        await CliRunner.RunAsync("ingest", _dir.Combine("a"), "--case", _dir.Combine("case"), "--owner", "07700900123");
        var contacts = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json")).Json.GetProperty("contacts").EnumerateArray().ToList();
        Assert.True(contacts.Count >= 10);
        Assert.DoesNotContain(contacts, c => c.GetProperty("band").GetString() == "high");
        Assert.Contains(contacts, c => c.GetProperty("service").GetBoolean());
    }

    [Fact]
    public async Task Person_ids_are_the_same_after_ingesting_the_evidence_again_into_a_new_case_so_an_order_still_names_its_person()
    {
        await CliRunner.RunAsync("synth", "--benign", "--out", _dir.Combine("e"), "--events", "3000", "--seed", "9");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("one"), "--owner", "07700900123");
        await CliRunner.RunAsync("ingest", _dir.Combine("e", "calls-benign.xml"), "--case", _dir.Combine("two"), "--owner", "07700900123");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("two"), "--owner", "07700900123");
        static Dictionary<string, string> Ids(CliRunner.Run run) => run.Json.GetProperty("contacts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("person").GetString()!, c => c.GetProperty("person_id").GetString()!);
        var one = Ids(await CliRunner.RunAsync("contacts", "--case", _dir.Combine("one"), "--json"));
        var two = Ids(await CliRunner.RunAsync("contacts", "--case", _dir.Combine("two"), "--json"));
        Assert.Equal(one.OrderBy(kv => kv.Key, StringComparer.Ordinal), two.OrderBy(kv => kv.Key, StringComparer.Ordinal));

        // P- and 10 hex digits of SHA-256("tel:+447700900401"), Chris Evans's number (Python: hashlib.sha256(...).hexdigest()[:10]).
        Assert.Equal("P-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("tel:+447700900401"u8))[..10], one["Chris Evans"]);
        var ordered = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("two"), "--json", "--order", $"party={one["Chris Evans"]},from=2024-01-01,type=RO")).Json;
        var chris = ordered.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Chris Evans");
        Assert.True(chris.GetProperty("breaches")[0].GetProperty("count").GetInt32() > 0);
    }
}
