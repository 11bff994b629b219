using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Export_is_byte_identical_across_runs_and_worker_counts()
    {
        var evidence = RepoPaths.Fixtures;
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("one"), "--workers", "1", "--owner", "07700900123");
        await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("two"), "--workers", "2", "--owner", "07700900123");
        foreach (var format in new[] { "jsonl", "csv" })
        {
            await CliRunner.RunAsync("export", "--case", _dir.Combine("one"), "--format", format, "--out", _dir.Combine("one." + format));
            await CliRunner.RunAsync("export", "--case", _dir.Combine("one"), "--format", format, "--out", _dir.Combine("one-again." + format));
            await CliRunner.RunAsync("export", "--case", _dir.Combine("two"), "--format", format, "--out", _dir.Combine("two." + format));
            var a = File.ReadAllBytes(_dir.Combine("one." + format));
            Assert.True(a.Length > 100_000);
            Assert.Equal(a, File.ReadAllBytes(_dir.Combine("one-again." + format)));
            Assert.Equal(a, File.ReadAllBytes(_dir.Combine("two." + format)));
        }
    }

    [Fact]
    public async Task JSONL_has_one_event_per_line_in_time_then_id_order_with_the_contract_fields()
    {
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", _dir.Combine("case"));
        var run = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(events.Count, (await CliRunner.RunAsync("ingest", RepoPaths.Fixture("demo"), "--case", _dir.Combine("case"), "--json")).Json.GetProperty("events").GetInt32());
        string[] fields = ["id", "kind", "channel", "direction", "time", "time_offset", "time_basis", "from", "to", "text", "subject", "duration_s", "call_status", "attachments", "geo", "thread", "source"];
        Assert.All(fields, f => Assert.True(events[0].TryGetProperty(f, out _), f));
        var keys = events.Select(e => (e.GetProperty("time").GetString()!, e.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal), keys);
        Assert.All(events, e => Assert.EndsWith("Z", e.GetProperty("time").GetString(), StringComparison.Ordinal));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("source").GetProperty("locator").GetString())));
    }

    [Fact]
    public async Task CSV_has_a_header_and_one_row_per_event()
    {
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("sms_backup", "sms_small.xml"), "--case", _dir.Combine("case"));
        var jsonl = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var csv = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "csv");
        var rows = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,kind,channel,direction,time,", rows[0], StringComparison.Ordinal);
        Assert.Equal(jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, rows.Length - 1);
    }

    [Fact]
    public async Task An_export_to_a_file_is_described_by_metadata_naming_the_TZDB_release_and_phone_normaliser_of_the_case()
    {
        var caseDir = _dir.Combine("case");
        await CliRunner.RunAsync("ingest", RepoPaths.Fixture("sms_backup", "sms_small.xml"), "--case", caseDir, "--tz", "Europe/London", "--region", "GB", "--quiet");
        foreach (var format in new[] { "jsonl", "csv", "geojson" })
        {
            var output = _dir.Combine("events." + format);
            var run = await CliRunner.RunAsync("export", "--case", caseDir, "--format", format, "--out", output);
            Assert.Equal(0, run.ExitCode);
            var first = await File.ReadAllBytesAsync(output + ".meta.json");
            var meta = System.Text.Json.JsonDocument.Parse(first).RootElement;

            // Oracles: NodaTime's bundled TZDB read here directly, and the version pinned in Directory.Packages.props.
            Assert.Equal(NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.TzdbVersion, meta.GetProperty("tzdb_version").GetString());
            Assert.Equal("libphonenumber-csharp " + PinnedVersion("libphonenumber-csharp"), meta.GetProperty("phone_normaliser").GetString());
            Assert.Equal(format, meta.GetProperty("format").GetString());
            Assert.Equal("Europe/London", meta.GetProperty("time_zone").GetString());
            Assert.Equal("GB", meta.GetProperty("region").GetString());
            if (format == "jsonl")
            {
                Assert.Equal(File.ReadAllLines(output).Length, meta.GetProperty("events").GetInt32());
            }

            // Nothing in it changes between runs, so it is as byte-identical as the export.
            await CliRunner.RunAsync("export", "--case", caseDir, "--format", format, "--out", output);
            Assert.Equal(first, await File.ReadAllBytesAsync(output + ".meta.json"));
        }
    }

    private static string PinnedVersion(string package)
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));
        var pin = props.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == package);
        return ((string)pin.Attribute("Version")!).Trim('[', ']');
    }
}
