using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class TimeZoneEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Naive_WhatsApp_times_either_side_of_the_BST_change_export_as_the_right_UTC_instants()
    {
        // Clocks went forward in the UK at 01:00 GMT on 31 March 2024.
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        await File.WriteAllTextAsync(Path.Combine(evidence, "WhatsApp Chat with Jordan.txt"),
            "30/03/2024, 23:30 - Jordan: before the change\n" +
            "31/03/2024, 01:30 - Jordan: in the gap\n" +
            "31/03/2024, 12:00 - Jordan: after the change\n" +
            "31/03/2024, 12:05 - Alex: stop\n");
        var ingest = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"), "--tz", "Europe/London", "--owner", "name:Alex", "--json");
        Assert.Equal(0, ingest.ExitCode);

        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var events = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, events.Count);
        Assert.Equal(("2024-03-30T23:30:00.000Z", "+00:00"), TimeOf(events[0]));
        Assert.Equal(("2024-03-31T01:30:00.000Z", "+00:00"), TimeOf(events[1]));
        Assert.Equal("nonexistent-local-time", events[1].GetProperty("time_anomaly").GetString());
        Assert.Equal(("2024-03-31T11:00:00.000Z", "+01:00"), TimeOf(events[2]));
        Assert.Equal("naive-local", events[2].GetProperty("time_basis").GetString());
        Assert.Equal("Europe/London", events[2].GetProperty("time_zone").GetString());
        Assert.Equal("incoming", events[2].GetProperty("direction").GetString());
        Assert.Equal("outgoing", events[3].GetProperty("direction").GetString());
        Assert.Equal("name:Alex", events[3].GetProperty("from").GetString());
    }

    [Fact]
    public async Task Search_dates_are_calendar_days_in_the_case_zone()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        await File.WriteAllTextAsync(Path.Combine(evidence, "WhatsApp Chat with Jordan.txt"),
            "31/03/2024, 23:30 - Jordan: late on the 31st\n" +
            "01/04/2024, 00:30 - Jordan: just after midnight BST\n");
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        var run = await CliRunner.RunAsync("search", "--case", _dir.Combine("case"), "--json", "after:2024-04-01");
        var hit = Assert.Single(run.Json.GetProperty("hits").EnumerateArray());
        Assert.Equal("just after midnight BST", hit.GetProperty("text").GetString());
        Assert.Equal("2024-03-31T23:30:00.000Z", hit.GetProperty("time").GetString());
    }

    /// <summary>
    /// Times come from NodaTime's bundled TZDB, never the host's: the CLI is run as its own process
    /// with TZDIR (where .NET on Linux looks for tzdata) pointing at an empty folder and TZ set
    /// elsewhere, and must give the same export, byte for byte, as with the host's tzdata.
    /// </summary>
    [Fact]
    public async Task The_same_evidence_exports_byte_identically_whatever_the_host_tzdata()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        await File.WriteAllTextAsync(Path.Combine(evidence, "WhatsApp Chat with Jordan.txt"),
            "27/10/2024, 00:50 - Jordan: before\n" +
            "27/10/2024, 01:50 - Jordan: first pass\n" +
            "27/10/2024, 01:05 - Jordan: after the clocks went back\n" +
            "27/10/2024, 12:00 - Alex: stop\n");
        var emptyTzdata = _dir.Combine("no-tzdata");
        Directory.CreateDirectory(emptyTzdata);

        var host = await ExportInChildProcessAsync(evidence, _dir.Combine("case-host"), new Dictionary<string, string>());
        var bare = await ExportInChildProcessAsync(evidence, _dir.Combine("case-bare"), new Dictionary<string, string> { ["TZDIR"] = emptyTzdata, ["TZ"] = "Pacific/Kiritimati" });

        Assert.Equal(host, bare);
        var times = host.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("time").GetString()).ToList();
        // Hand-computed: 00:50 and 01:50 BST (UTC+1), then 01:05 GMT after the change, 12:00 GMT.
        Assert.Equal(["2024-10-26T23:50:00.000Z", "2024-10-27T00:50:00.000Z", "2024-10-27T01:05:00.000Z", "2024-10-27T12:00:00.000Z"], times);
    }

    private static async Task<string> ExportInChildProcessAsync(string evidence, string caseDir, Dictionary<string, string> environment)
    {
        var ingest = await ProcessRunner.RunAsync(environment, "ingest", evidence, "--case", caseDir, "--tz", "Europe/London", "--owner", "name:Alex", "--quiet");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        var export = await ProcessRunner.RunAsync(environment, "export", "--case", caseDir, "--format", "jsonl");
        Assert.True(export.ExitCode == 0, export.Stderr);
        return export.Stdout;
    }

    private static (string?, string?) TimeOf(JsonElement e) => (e.GetProperty("time").GetString(), e.GetProperty("time_offset").GetString());
}
