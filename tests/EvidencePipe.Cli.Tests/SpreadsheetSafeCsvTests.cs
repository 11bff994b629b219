using System.Diagnostics;
using System.Text.Json;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Cli.Tests;

/// <summary>
/// CSV exports and manifests neutralise cells a spreadsheet could run as formulas (OWASP CSV injection),
/// JSONL keeps the exact text, and <c>--csv-raw</c> keeps it in CSV. The CSV is read back by Python's
/// <c>csv</c> module, an independent RFC 4180 reader.
/// </summary>
public sealed class SpreadsheetSafeCsvTests : IDisposable
{
    // The hostile bodies, as the suspect would have typed them (XML character references carry TAB and CR).
    private static readonly string[] Bodies =
        ["=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=2", "plain text", "-12.5"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Csv_export_prefixes_formula_cells_with_an_apostrophe_while_jsonl_and_csv_raw_keep_the_exact_text()
    {
        var caseDir = await IngestHostileCaseAsync();

        var csv = await CliRunner.RunAsync("export", "--case", caseDir, "--format", "csv", "--out", _dir.Combine("safe.csv"));
        var raw = await CliRunner.RunAsync("export", "--case", caseDir, "--format", "csv", "--csv-raw", "--out", _dir.Combine("raw.csv"));
        var jsonl = await CliRunner.RunAsync("export", "--case", caseDir, "--format", "jsonl");

        Assert.Equal(0, csv.ExitCode);
        Assert.Equal(0, raw.ExitCode);
        var safeTexts = Column(ReadWithPython(_dir.Combine("safe.csv")), "text");
        var rawTexts = Column(ReadWithPython(_dir.Combine("raw.csv")), "text");
        var jsonTexts = jsonl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToHashSet(StringComparer.Ordinal);

        // Expected by hand: an apostrophe before the first six; plain text and a plain number unchanged.
        string[] expectedSafe =
            ["'=HYPERLINK(\"http://evil.example/\",\"x\")", "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A2)", "'\t=1", "'\r=2", "plain text", "-12.5"];
        Assert.Equal(expectedSafe.Order(StringComparer.Ordinal), safeTexts.Order(StringComparer.Ordinal));
        Assert.Equal(Bodies.Order(StringComparer.Ordinal), rawTexts.Order(StringComparer.Ordinal));
        Assert.Equal(Bodies.ToHashSet(StringComparer.Ordinal), jsonTexts);
    }

    [Fact]
    public async Task The_manifest_neutralises_a_hostile_file_name_unless_csv_raw_is_given()
    {
        var caseDir = await IngestHostileCaseAsync();

        var safe = await CliRunner.RunAsync("manifest", "--case", caseDir, "--out", _dir.Combine("manifest.csv"));
        var raw = await CliRunner.RunAsync("manifest", "--case", caseDir, "--csv-raw", "--out", _dir.Combine("manifest-raw.csv"));

        Assert.Equal(0, safe.ExitCode);
        Assert.Equal(0, raw.ExitCode);
        Assert.Equal(["'=cmd|' calc'!A0.xml"], Column(ReadWithPython(_dir.Combine("manifest.csv")), "path"));
        Assert.Equal(["=cmd|' calc'!A0.xml"], Column(ReadWithPython(_dir.Combine("manifest-raw.csv")), "path"));
    }

    private async Task<string> IngestHostileCaseAsync()
    {
        var evidence = _dir.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var rows = Bodies.Select((b, i) =>
            $"  <sms protocol=\"0\" address=\"+447700900666\" date=\"{1712000000000L + (i * 60_000L)}\" type=\"1\" body=\"{XmlAttribute(b)}\" read=\"1\" status=\"-1\" />\n");
        File.WriteAllText(Path.Combine(evidence, "=cmd|' calc'!A0.xml"),
            $"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{Bodies.Length}\">\n{string.Concat(rows)}</smses>\n");
        var ingest = await CliRunner.RunAsync("ingest", evidence, "--case", _dir.Combine("case"));
        Assert.Equal(0, ingest.ExitCode);
        return _dir.Combine("case");
    }

    private static string XmlAttribute(string s) =>
        System.Security.SecurityElement.Escape(s)!.Replace("\t", "&#9;", StringComparison.Ordinal).Replace("\r", "&#13;", StringComparison.Ordinal);

    private static List<string> Column(List<Dictionary<string, string>> rows, string name) => [.. rows.Select(r => r[name])];

    /// <summary>Python's csv.DictReader over the file, rows returned as JSON.</summary>
    private static List<Dictionary<string, string>> ReadWithPython(string path)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import csv,json,sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f: print(json.dumps(list(csv.DictReader(f))))");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return JsonSerializer.Deserialize<List<Dictionary<string, string>>>(output)!;
    }
}
