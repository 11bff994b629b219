using System.Globalization;
using System.Text.Json;
using EvidencePipe.TestSupport;
using Microsoft.VisualBasic.FileIO;

namespace EvidencePipe.Cli.Tests;

/// <summary><c>chronology</c>: one row per occasion, checked against occasions computed here from the export.</summary>
public sealed class ChronologyCommandTests(GeneratedCase generated) : IClassFixture<GeneratedCase>
{
    private static readonly HashSet<string> JordanIds = ["tel:+447700900666", "name:Jordan", "email:jordan.blake@example.com"];
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private readonly TempDirectory _dir = generated.Directory;

    /// <summary>The CSV read by the framework's own RFC 4180 parser (quoted fields with line breaks included).</summary>
    private static List<string[]> ReadCsv(string path)
    {
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    /// <summary>Jordan's incoming events from the JSONL export, by calendar day in Europe/London.</summary>
    private async Task<SortedDictionary<DateOnly, List<JsonElement>>> ExpectedOccasions()
    {
        var export = await CliRunner.RunAsync("export", "--case", _dir.Combine("case"), "--format", "jsonl");
        var days = new SortedDictionary<DateOnly, List<JsonElement>>();
        foreach (var line in export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var e = JsonDocument.Parse(line).RootElement;
            if (e.GetProperty("direction").GetString() != "incoming" || !JordanIds.Contains(e.GetProperty("from").GetString() ?? string.Empty))
            {
                continue;
            }

            var utc = DateTimeOffset.Parse(e.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, London).DateTime);
            if (!days.TryGetValue(day, out var list))
            {
                days[day] = list = [];
            }

            list.Add(e);
        }

        return days;
    }

    [Fact]
    public async Task The_chronologys_rows_are_the_occasions_with_their_counts_exhibits_and_breach_flags()
    {
        var contacts = (await CliRunner.RunAsync("contacts", "--case", _dir.Combine("case"), "--json")).Json.GetProperty("contacts")[0];
        Assert.Equal(JordanIds, contacts.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()!).ToHashSet());
        var person = contacts.GetProperty("person_id").GetString()!;

        var path = _dir.Combine($"chron-{Guid.NewGuid():N}.csv");
        var run = await CliRunner.RunAsync("chronology", "--case", _dir.Combine("case"), "--person", person, "--out", path, "--order", "party=07700900666,from=2024-04-01,type=RO");
        Assert.Equal(0, run.ExitCode);
        var rows = ReadCsv(path);
        Assert.Equal(["date", "channels", "count", "summary", "flags", "exhibits"], rows[0]);

        var expected = await ExpectedOccasions();
        Assert.True(expected.Count > 20);
        Assert.Equal(expected.Keys.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[0]));
        Assert.Equal(contacts.GetProperty("legal").GetProperty("occasions").GetInt32(), rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            var day = DateOnly.ParseExact(row[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var events = expected[day];
            Assert.Equal(events.Count.ToString(CultureInfo.InvariantCulture), row[2]);

            // Channels with their counts, e.g. "call 2; sms 5".
            var channels = events.GroupBy(e => e.GetProperty("channel").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"));
            Assert.Equal(string.Join("; ", channels), row[1]);

            // Every event of the day as an exhibit: its source path, SHA-256 and locator.
            var exhibits = events.Select(e => e.GetProperty("source")).Select(s => $"{s.GetProperty("path").GetString()} sha256:{s.GetProperty("sha256").GetString()} @ {s.GetProperty("locator").GetString()}").Order(StringComparer.Ordinal);
            Assert.Equal(exhibits, row[5].Split('\n').Order(StringComparer.Ordinal));

            // The order runs from local midnight on 1 April.
            Assert.Equal(day >= new DateOnly(2024, 4, 1), row[4].Split("; ").Contains("breach"));
        }
    }

    [Fact]
    public async Task The_html_chronology_has_one_table_row_per_occasion_and_is_self_contained()
    {
        var path = _dir.Combine($"chron-{Guid.NewGuid():N}.html");
        Assert.Equal(0, (await CliRunner.RunAsync("chronology", "--case", _dir.Combine("case"), "--person", "07700900666", "--out", path)).ExitCode);
        var html = await File.ReadAllTextAsync(path);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Equal((await ExpectedOccasions()).Count, doc.QuerySelectorAll("tr").Length - 1);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"(https?:)?//", html);
    }

    [Fact]
    public async Task An_unknown_person_or_output_type_is_a_usage_error()
    {
        Assert.Equal(1, (await CliRunner.RunAsync("chronology", "--case", _dir.Combine("case"), "--person", "P-0000000000", "--out", _dir.Combine("x.csv"))).ExitCode);
        Assert.Equal(1, (await CliRunner.RunAsync("chronology", "--case", _dir.Combine("case"), "--person", "07700900666", "--out", _dir.Combine("x.pdf"))).ExitCode);
        Assert.False(File.Exists(_dir.Combine("x.csv")));
    }
}

/// <summary>Spreadsheet safety of the chronology CSV, on a small hand-made case.</summary>
public sealed class ChronologySpreadsheetSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+44 7700 900666 call me")]
    [InlineData("-1 for you")]
    [InlineData("@you I see you")]
    public async Task A_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised_with_a_leading_quote(string text)
    {
        Directory.CreateDirectory(_dir.Combine("e"));
        await File.WriteAllTextAsync(_dir.Combine("e", "WhatsApp Chat with Jordan.txt"), "13/03/2024, 20:00 - Jordan: " + text + "\n14/03/2024, 09:00 - Alex: ok\n");
        await CliRunner.RunAsync("ingest", _dir.Combine("e"), "--case", _dir.Combine("case"), "--owner", "name:Alex");
        var path = _dir.Combine("c.csv");
        Assert.Equal(0, (await CliRunner.RunAsync("chronology", "--case", _dir.Combine("case"), "--person", "name:Jordan", "--out", path)).ExitCode);
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        parser.ReadFields();
        var row = parser.ReadFields()!;
        Assert.Equal("'" + text, row[3]);
        Assert.All(row, cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal)));
    }
}
