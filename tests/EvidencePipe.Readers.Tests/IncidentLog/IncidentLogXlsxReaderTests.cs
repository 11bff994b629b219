using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.IncidentLog;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.IncidentLog;

/// <summary>
/// The victim's incident log as an .xlsx workbook. Workbooks are written by hand in the test
/// (<see cref="SpreadsheetMlWriter"/>, not the SDK the reader uses); the Excel serials and the expected
/// instants are computed here from the calendar (ECMA-376 Part 1 §18.17.4.1) and the system's
/// Europe/London rules.
/// </summary>
public sealed class IncidentLogXlsxReaderTests : IDisposable
{
    private static readonly object?[] Header = ["Date", "Time", "What happened", "Where", "Witnesses", "How it affected me", "Who"];
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Others() => OtherFixtures("incident-log");

    /// <summary>Excel 1900 system from 1900-03-01 on: days since 1899-12-30 (serial 61 is 1900-03-01).</summary>
    private static double Serial1900(DateOnly d) => d.DayNumber - new DateOnly(1899, 12, 30).DayNumber;

    private static double Serial1904(DateOnly d) => d.DayNumber - new DateOnly(1904, 1, 1).DayNumber;

    private static DateTimeOffset LondonToUtc(DateOnly d, TimeOnly t) =>
        new(TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(t), London), TimeSpan.Zero);

    [Fact]
    public void The_serial_arithmetic_of_the_test_agrees_with_known_excel_values()
    {
        // Published anchors: 2024-01-01 is 45292 in the 1900 system, and 1904 serials are 1462 smaller.
        Assert.Equal(45292, Serial1900(new DateOnly(2024, 1, 1)));
        Assert.Equal(1462, Serial1900(new DateOnly(2024, 1, 1)) - Serial1904(new DateOnly(2024, 1, 1)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Excel_date_serials_in_either_date_system_and_day_fractions_give_the_local_time(bool date1904)
    {
        DateOnly[] days = [new(2024, 3, 30), new(2024, 4, 7), new(2024, 10, 27)];
        TimeOnly[] times = [new(23, 15), new(7, 30), new(9, 5, 30)];
        var rows = new List<IReadOnlyList<object?>> { Header };
        for (var i = 0; i < days.Length; i++)
        {
            var serial = date1904 ? Serial1904(days[i]) : Serial1900(days[i]);
            rows.Add([serial, times[i].ToTimeSpan().TotalSeconds / 86_400, "He followed me " + i, "Elm Road", null, "I was scared", "Jordan"]);
        }

        var path = _dir.Combine("log.xlsx");
        new SpreadsheetMlWriter { Date1904 = date1904 }.Write(path, rows);
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["sheet Log row 2", "sheet Log row 3", "sheet Log row 4"], events.Select(e => e.Source.Locator));
        Assert.Equal(days.Select((d, i) => LondonToUtc(d, times[i])), events.Select(e => e.Time.Utc));
        Assert.All(events, e => Assert.Equal((EventKind.Incident, Channels.Incident, Direction.Incoming, "name:Jordan"), (e.Kind, e.Channel, e.Direction, e.From)));
        Assert.Equal("He followed me 1", events[1].Text);
        Assert.Contains("where: Elm Road", events[1].Subject, StringComparison.Ordinal);
        Assert.Contains("how it affected me: I was scared", events[1].Subject, StringComparison.Ordinal);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task The_1900_leap_year_bug_is_honoured_and_its_missing_day_is_refused()
    {
        // Serial 59 is 1900-02-28, 60 is Excel's non-existent 1900-02-29, 61 is 1900-03-01; 1 is 1900-01-01.
        var path = _dir.Combine("log.xlsx");
        new SpreadsheetMlWriter().Write(path, [Header, [1.0, "10:00", "a", null, null, null, "Jordan"], [59.0, "10:00", "b", null, null, null, "Jordan"], [60.0, "10:00", "c", null, null, null, "Jordan"], [61.0, "10:00", "d", null, null, null, "Jordan"]]);
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["a", "b", "d"], events.Select(e => e.Text));
        // London kept GMT (UTC+0) in the winter of 1900: 10:00 local is 10:00 UTC.
        Assert.Equal([LondonToUtc(new(1900, 1, 1), new(10, 0)), LondonToUtc(new(1900, 2, 28), new(10, 0)), LondonToUtc(new(1900, 3, 1), new(10, 0))], events.Select(e => e.Time.Utc));
        var skipped = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.Equal("sheet Log row 4", skipped.Locator);
        Assert.Contains("1900-02-29", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_dates_iso_date_cells_inline_strings_and_a_date_cell_with_its_time_are_read()
    {
        var path = _dir.Combine("log.xlsx");
        var day = new DateOnly(2024, 4, 9);
        new SpreadsheetMlWriter { InlineStrings = true, SheetName = "My diary" }.Write(path,
        [
            ["Date (DD/MM/YYYY)", "Time", "What happened, in your own words", "Where", "Who"],
            ["07/04/2024", "9:30 pm", "text date", "home", "07700900666"],
            [new IsoDateCell("2024-04-08T00:00:00"), "06:10", "iso date", null, "Jordan"],
            [Serial1900(day) + (new TimeOnly(18, 45).ToTimeSpan().TotalSeconds / 86_400), null, "date and time in one cell", null, "Jordan"],
            [],
            ["yesterday", "10:00", "not a date", null, "Jordan"],
        ]);
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["sheet My diary row 2", "sheet My diary row 3", "sheet My diary row 4"], events.Select(e => e.Source.Locator));
        Assert.Equal([LondonToUtc(new(2024, 4, 7), new(21, 30)), LondonToUtc(new(2024, 4, 8), new(6, 10)), LondonToUtc(day, new(18, 45))], events.Select(e => e.Time.Utc));
        Assert.Equal("tel:+447700900666", events[0].From);
        Assert.DoesNotContain("time not recorded", events[2].Subject, StringComparison.Ordinal);
        var skipped = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
        Assert.Equal("sheet My diary row 6", skipped.Locator);
    }

    [Fact]
    public async Task A_workbook_whose_first_sheet_is_not_a_log_is_reported_unsupported()
    {
        var path = _dir.Combine("calls.xlsx");
        new SpreadsheetMlWriter().Write(path, [["date", "time", "number", "duration"], [45292.0, 0.5, "07700900666", 30.0]]);
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);
        Assert.Empty(events);
        Assert.True(context.IsUnsupported);
        Assert.Equal("sheet Log row 1", Assert.Single(context.Diagnostics).Locator);
    }

    [Theory]
    [InlineData("xl/workbook.xml", "package")]
    [InlineData("xl/worksheets/sheet1.xml", "package")]
    [InlineData("[Content_Types].xml", "package")]
    public async Task A_workbook_missing_a_part_gives_a_diagnostic_not_a_crash(string omitted, string locator)
    {
        var path = _dir.Combine("broken.xlsx");
        new SpreadsheetMlWriter { Omit = [omitted] }.Write(path, [Header, [45292.0, "10:00", "a", null, null, null, "Jordan"]]);
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);
        Assert.Empty(events);
        Assert.True(context.IsUnsupported);
        Assert.Equal(locator, Assert.Single(context.Diagnostics).Locator);
    }

    [Fact]
    public async Task A_zip_bomb_part_is_refused_before_it_is_inflated()
    {
        // 300 MiB of one byte deflates to well under 1 MiB: past both the part-size and the ratio limits.
        var bomb = new byte[300 << 20];
        var path = _dir.Combine("bomb.xlsx");
        new SpreadsheetMlWriter { Extra = [("xl/media/bomb.bin", bomb)] }.Write(path, [Header, [45292.0, "10:00", "a", null, null, null, "Jordan"]]);
        Assert.True(new FileInfo(path).Length < 2 << 20);
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);
        Assert.Empty(events);
        var diagnostic = Assert.Single(context.Diagnostics);
        Assert.Equal("part xl/media/bomb.bin", diagnostic.Locator);
        Assert.Contains("zip bomb", diagnostic.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_workbook_gives_a_diagnostic()
    {
        var path = _dir.Combine("log.xlsx");
        new SpreadsheetMlWriter().Write(path, [Header, [45292.0, "10:00", "a", null, null, null, "Jordan"]]);
        var bytes = await File.ReadAllBytesAsync(path);
        var (events, context) = await ReadBytesAsync(new IncidentLogXlsxReader(), _dir, "cut.xlsx", bytes[..(bytes.Length / 2)]);
        Assert.Empty(events);
        Assert.True(context.IsUnsupported);
        Assert.Equal("package", Assert.Single(context.Diagnostics).Locator);
    }

    [Fact]
    public void The_sniffer_claims_a_workbook()
    {
        var path = _dir.Combine("log.xlsx");
        new SpreadsheetMlWriter().Write(path, [Header]);
        Assert.True(new IncidentLogXlsxSniffer().Matches(ReaderHarness.Head(path)));
        Assert.False(new IncidentLogXlsxSniffer().Matches(Encoding.UTF8.GetBytes("Date,Time,What happened,Where,Who\n")));
    }

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_a_workbook(string relative) =>
        Assert.False(new IncidentLogXlsxSniffer().Matches(ReaderHarness.Head(Path.Combine(RepoPaths.Fixtures, relative))));
}
