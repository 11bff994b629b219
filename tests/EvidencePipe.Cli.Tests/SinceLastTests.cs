using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary><c>contacts --since-last</c>: exactly the events added since the previous run, and what they changed.</summary>
public sealed class SinceLastTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Case => _dir.Combine("case");

    private async Task<HashSet<string>> ExportedIds()
    {
        var export = await CliRunner.RunAsync("export", "--case", Case, "--format", "jsonl");
        return [.. export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)];
    }

    private async Task<JsonElement> Contacts(params string[] extra)
    {
        var run = await CliRunner.RunAsync(["contacts", "--case", Case, "--json", .. extra]);
        Assert.Equal(0, run.ExitCode);
        return run.Json;
    }

    private static HashSet<string> Codes(JsonElement contacts, string label) =>
        [.. contacts.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == label)
            .GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()!)];

    [Fact]
    public async Task Since_last_shows_exactly_the_added_events_and_the_indicators_they_brought()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"),
            "13/03/2024, 20:00 - Jordan: hi\n14/03/2024, 20:00 - Jordan: hello?\n14/03/2024, 21:00 - Alex: hi Jordan\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);

        // The first run with --since-last has no snapshot to compare with: every event is new.
        var first = await Contacts("--since-last");
        var firstIds = await ExportedIds();
        Assert.Equal(JsonValueKind.Null, first.GetProperty("since_last").GetProperty("snapshot").ValueKind);
        Assert.Equal(firstIds.Count, first.GetProperty("since_last").GetProperty("new_events_total").GetInt32());

        // New evidence: three more messages, two of them threats on two days.
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan (2).txt"),
            "20/03/2024, 20:00 - Jordan: I will kill you\n21/03/2024, 20:00 - Jordan: you're dead\n22/03/2024, 20:00 - Jordan: answer me\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);
        var added = (await ExportedIds()).Except(firstIds).ToHashSet();
        Assert.Equal(3, added.Count);

        var second = await Contacts("--since-last");
        var since = second.GetProperty("since_last");
        Assert.False(since.GetProperty("snapshot").GetProperty("id").GetInt64() <= 0);
        Assert.Equal(added.Count, since.GetProperty("new_events_total").GetInt32());
        Assert.Equal(added, since.GetProperty("new_events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToHashSet());

        // The new indicators are those the second ranking has and the first had not.
        var expectedNew = Codes(second, "Jordan").Except(Codes(first, "Jordan")).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("threats", expectedNew);
        var jordan = Assert.Single(since.GetProperty("persons").EnumerateArray(), p => p.GetProperty("person").GetString() == "Jordan");
        Assert.Equal(expectedNew, jordan.GetProperty("new_indicators").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal));
        var bandBefore = first.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("person").GetString() == "Jordan").GetProperty("band").GetString();
        Assert.Equal(bandBefore, jordan.GetProperty("band_before").GetString());

        // Nothing added since: no new events and no changes.
        var third = (await Contacts("--since-last")).GetProperty("since_last");
        Assert.Equal(0, third.GetProperty("new_events_total").GetInt32());
        Assert.Equal(0, third.GetProperty("persons").GetArrayLength());
    }

    [Fact]
    public async Task A_report_run_keeps_a_snapshot_too()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), "13/03/2024, 20:00 - Jordan: hi\n14/03/2024, 21:00 - Alex: hi Jordan\n");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex");
        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", _dir.Combine("r.html"))).ExitCode);
        var since = (await Contacts("--since-last")).GetProperty("since_last");
        Assert.Equal(JsonValueKind.Object, since.GetProperty("snapshot").ValueKind);
        Assert.Equal(0, since.GetProperty("new_events_total").GetInt32());
    }
}
