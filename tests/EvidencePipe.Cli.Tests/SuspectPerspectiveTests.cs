using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary><c>ingest --perspective suspect</c>: the owner's pursuit of each person is scored.</summary>
public sealed class SuspectPerspectiveTests : IDisposable
{
    private static readonly HashSet<string> AlexIds = ["tel:+447700900123", "name:Alex"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_suspect_view_of_a_generated_case_ranks_the_victim_first()
    {
        // The generated conduct as found on the stalker's phone: owner Jordan, victim Alex a counter-party.
        Assert.Equal(0, (await CliRunner.RunAsync("synth", "--out", _dir.Combine("ev"), "--events", "3000", "--seed", "5", "--suspect")).ExitCode);
        var ingest = await CliRunner.RunAsync("ingest", _dir.Combine("ev"), "--case", _dir.Combine("case"), "--owner", "07700900666", "--owner", "name:Jordan", "--perspective", "suspect");
        Assert.Equal(0, ingest.ExitCode);

        var contacts = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json")).Json;
        Assert.Equal("suspect", contacts.GetProperty("perspective").GetString());
        var first = contacts.GetProperty("contacts")[0];
        Assert.Superset(AlexIds, first.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()!).ToHashSet());
        Assert.Equal("high", first.GetProperty("band").GetString());

        // Counted from the export: the owner's messages and calls to Alex, and Alex's to the owner.
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var events = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var toAlex = events.Count(e => e.GetProperty("direction").GetString() == "outgoing" && e.GetProperty("to").EnumerateArray().Any(t => AlexIds.Contains(t.GetString()!)));
        var fromAlex = events.Count(e => e.GetProperty("direction").GetString() == "incoming" && AlexIds.Contains(e.GetProperty("from").GetString() ?? string.Empty));
        Assert.True(toAlex > 5 * fromAlex);
        Assert.Equal(toAlex, first.GetProperty("outgoing").GetInt32());
        Assert.Equal(fromAlex, first.GetProperty("incoming").GetInt32());

        // The owner's own threats, rising contact and contact after Alex said stop are what put Alex first.
        var codes = first.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "threats", "contact_after_refusal", "course_of_conduct", "escalation" }, codes);
    }

    [Fact]
    public async Task The_suspect_view_is_worded_as_the_owners_pursuit_in_contacts_and_the_report()
    {
        // Jordan (the owner) writes on four days; Alex says stop on the second; Jordan writes twice more after it.
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Alex.txt"),
            "13/03/2024, 20:00 - Jordan: answer me\n14/03/2024, 20:00 - Jordan: why are you ignoring me\n14/03/2024, 21:00 - Alex: leave me alone\n"
            + "15/03/2024, 20:00 - Jordan: I'm not going anywhere\n16/03/2024, 20:00 - Jordan: answer me\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--owner", "name:Jordan", "--perspective", "suspect")).ExitCode);

        var alex = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json")).Json.GetProperty("contacts")[0];
        var refusal = alex.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "contact_after_refusal");
        // Two of Jordan's messages come after Alex's "leave me alone" (15 and 16 March).
        Assert.Equal(2, refusal.GetProperty("value").GetDouble());
        Assert.Contains("2 contacts by the owner after this person wrote \"leave me alone\"", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", _dir.Combine("case"), "--out", _dir.Combine("r.html"))).ExitCode);
        var html = await File.ReadAllTextAsync(_dir.Combine("r.html"));
        Assert.Contains("data-perspective=\"suspect\"", html, StringComparison.Ordinal);
        Assert.Contains("Occasions (days the owner contacted this person)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("days with contact from this person", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_perspective_is_kept_with_the_case_and_cannot_be_changed_later()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Alex.txt"), "13/03/2024, 20:00 - Jordan: hi\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--owner", "name:Jordan", "--perspective", "suspect")).ExitCode);
        Assert.Equal(1, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--perspective", "victim")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"))).ExitCode);
        Assert.Equal("suspect", (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json")).Json.GetProperty("perspective").GetString());
        Assert.Equal(1, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--perspective", "witness")).ExitCode);
    }
}

/// <summary><c>contacts --watch</c>: every event that mentions the victim's details, first and last seen.</summary>
public sealed class WatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_event_mentioning_a_watched_number_registration_or_person_is_reported_with_first_and_last_seen()
    {
        string[] lines =
        [
            "13/03/2024, 20:00 - Jordan: she changed her number to 07700 900444",
            "14/03/2024, 09:00 - Jordan: saw her car AB12 CDE at Elm Road",
            "15/03/2024, 10:00 - Alex: stop",
            "16/03/2024, 11:00 - Jordan: +44 7700 900444 is hers, right?",
            "17/03/2024, 12:00 - Jordan: nothing here",
        ];
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Alex.txt"), string.Join('\n', lines) + "\n");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--owner", "name:Jordan", "--perspective", "suspect");

        var run = await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json", "--watch", "07700900444", "--watch", "AB12CDE", "--watch", "name:Alex", "--watch", "refuge");
        Assert.Equal(0, run.ExitCode);
        var watch = run.Json.GetProperty("watch").EnumerateArray().ToDictionary(w => w.GetProperty("term").GetString()!);

        // March 2024 before the 31st is GMT: local times are UTC.
        var number = watch["07700900444"];
        Assert.Equal(("identifier", 2), (number.GetProperty("kind").GetString(), number.GetProperty("events").GetInt32()));
        Assert.Equal("2024-03-13T20:00:00.000Z", number.GetProperty("first").GetString());
        Assert.Equal("2024-03-16T11:00:00.000Z", number.GetProperty("last").GetString());
        Assert.Equal(("phrase", 1), (watch["AB12CDE"].GetProperty("kind").GetString(), watch["AB12CDE"].GetProperty("events").GetInt32()));
        Assert.Equal(lines.Length, watch["name:Alex"].GetProperty("events").GetInt32());
        Assert.Equal(0, watch["refuge"].GetProperty("events").GetInt32());
        Assert.Equal(JsonValueKind.Null, watch["refuge"].GetProperty("first").ValueKind);
    }
}
