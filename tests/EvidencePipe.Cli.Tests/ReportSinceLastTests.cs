using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// <c>report --since-last</c>: the report's "what changed" section lists exactly the events added since
/// the previous run (the set difference of two exports) and the same persons, bands and new indicators
/// as <c>contacts --since-last</c> on the same case (a copy taken before the report ran).
/// </summary>
public sealed partial class ReportSinceLastTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Case => _dir.Combine("case");

    private async Task<HashSet<string>> ExportedIds(string caseDir)
    {
        var export = await CliRunner.RunAsync("export", "--case", caseDir, "--format", "jsonl");
        return [.. export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)];
    }

    [GeneratedRegex("<tr data-event=\"([^\"]+)\"")]
    private static partial Regex EventRow();

    [GeneratedRegex("<tr data-person=\"([^\"]+)\" data-band-before=\"([^\"]*)\" data-band=\"([^\"]+)\">(.*?)</tr>")]
    private static partial Regex PersonRow();

    [GeneratedRegex("<span class=\"code\">([^<]+)</span>")]
    private static partial Regex Code();

    private static void CopyCase(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task The_report_section_lists_exactly_the_added_events_and_the_changes_contacts_since_last_reports()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"),
            "13/03/2024, 20:00 - Jordan: hi\n14/03/2024, 20:00 - Jordan: hello?\n14/03/2024, 21:00 - Alex: hi Jordan\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);
        var firstRanking = (await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json;
        var firstIds = await ExportedIds(Case);

        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan (2).txt"),
            "20/03/2024, 20:00 - Jordan: I will kill you\n21/03/2024, 20:00 - Jordan: you're dead\n22/03/2024, 20:00 - Jordan: answer me\n");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex")).ExitCode);
        var added = (await ExportedIds(Case)).Except(firstIds).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(3, added.Count);
        CopyCase(Case, _dir.Combine("copy"));

        var report = _dir.Combine("r.html");
        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", report, "--since-last")).ExitCode);
        var html = await File.ReadAllTextAsync(report);
        var section = html[html.IndexOf("<section id=\"since-last\">", StringComparison.Ordinal)..html.IndexOf("</section>", StringComparison.Ordinal)];

        // New events: the set difference of the two exports.
        Assert.Equal(added, EventRow().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal));

        // Persons: the new indicators are the second ranking's codes less the first's, computed here.
        var secondRanking = (await CliRunner.RunAsync("contacts", "--case", Case, "--json")).Json;
        static Dictionary<string, (string Band, HashSet<string> Codes)> Ranking(JsonElement contacts) =>
            contacts.GetProperty("contacts").EnumerateArray().ToDictionary(
                c => c.GetProperty("person_id").GetString()!,
                c => (c.GetProperty("band").GetString()!, c.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToHashSet(StringComparer.Ordinal)),
                StringComparer.Ordinal);
        var before = Ranking(firstRanking);
        var after = Ranking(secondRanking);
        var expected = after.Where(kv => !before.ContainsKey(kv.Key) || before[kv.Key].Band != kv.Value.Band || kv.Value.Codes.Except(before[kv.Key].Codes).Any())
            .ToDictionary(kv => kv.Key, kv => (Before: before.TryGetValue(kv.Key, out var b) ? b.Band : string.Empty, kv.Value.Band,
                New: kv.Value.Codes.Except(before.TryGetValue(kv.Key, out var was) ? was.Codes : []).Order(StringComparer.Ordinal).ToList()), StringComparer.Ordinal);
        var shown = PersonRow().Matches(section).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value),
            m => (Before: m.Groups[2].Value, Band: m.Groups[3].Value, New: Code().Matches(m.Groups[4].Value).Select(c => c.Groups[1].Value).Order(StringComparer.Ordinal).ToList()), StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), shown.Keys.Order(StringComparer.Ordinal));
        Assert.NotEmpty(expected);
        foreach (var (person, want) in expected)
        {
            Assert.Equal((want.Before, want.Band), (shown[person].Before, shown[person].Band));
            Assert.Equal(want.New, shown[person].New);
        }

        Assert.Contains(expected.Values, v => v.New.Contains("threats"));

        // The same figures as contacts --since-last on the same case state.
        var since = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("copy"), "--json", "--since-last")).Json.GetProperty("since_last");
        Assert.Equal(added, since.GetProperty("new_events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(shown.Keys.Order(StringComparer.Ordinal), since.GetProperty("persons").EnumerateArray().Select(p => p.GetProperty("person_id").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_since_last_the_report_has_no_changes_section_and_is_the_same_bytes_each_run()
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), "13/03/2024, 20:00 - Jordan: hi\n14/03/2024, 21:00 - Alex: hi Jordan\n");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", Case, "--owner", "name:Alex");
        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", _dir.Combine("a.html"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("report", "--case", Case, "--out", _dir.Combine("b.html"))).ExitCode);
        var a = await File.ReadAllBytesAsync(_dir.Combine("a.html"));
        Assert.Equal(a, await File.ReadAllBytesAsync(_dir.Combine("b.html")));
        Assert.DoesNotContain("id=\"since-last\"", System.Text.Encoding.UTF8.GetString(a), StringComparison.Ordinal);
    }
}
