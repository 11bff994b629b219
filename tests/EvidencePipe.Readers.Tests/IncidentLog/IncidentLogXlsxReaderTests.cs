using System.Globalization;
using System.IO.Compression;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.IncidentLog;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.IncidentLog;

/// <summary>
/// The victim's incident log as an .xlsx workbook. Workbooks are written by hand in the test
/// (<see cref="SpreadsheetMlWriter"/>, or part by part with <see cref="WriteParts"/>), never by a
/// spreadsheet library; the Excel serials and the expected
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
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    /// <summary>A header row (Date, Time, What happened, Where, Who) as inline strings in row 1.</summary>
    private const string HeaderRow = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Date</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Time</t></is></c>"
        + "<c r=\"C1\" t=\"inlineStr\"><is><t>What happened</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>Where</t></is></c><c r=\"E1\" t=\"inlineStr\"><is><t>Who</t></is></c></row>";

    private static string Sheet(string rows, string ns = Main) => Xml + $"<worksheet xmlns=\"{ns}\"><sheetData>{rows}</sheetData></worksheet>";

    /// <summary>
    /// Writes a workbook part by part (ECMA-376 Part 2 §10.1.2.2 content types, §9.3 relationships; Part 1
    /// §12.3): the default parts name one worksheet "Log" (rId1) and a shared-string table (rId2); a part
    /// given replaces the default, a part given as null is left out.
    /// </summary>
    private string WriteParts(string name, IReadOnlyDictionary<string, string?> parts)
    {
        var all = new Dictionary<string, string?>
        {
            ["[Content_Types].xml"] = Xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/chartsheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>",
            ["_rels/.rels"] = Xml + $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
            ["xl/workbook.xml"] = Xml + $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"Log\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/_rels/workbook.xml.rels"] = Xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
            ["xl/sharedStrings.xml"] = Xml + $"<sst xmlns=\"{Main}\"/>",
        };
        foreach (var (part, xml) in parts)
        {
            all[part] = xml;
        }

        var path = _dir.Combine(name);
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (part, xml) in all.Where(p => p.Value is not null))
        {
            using var entry = zip.CreateEntry(part).Open();
            entry.Write(Encoding.UTF8.GetBytes(xml!));
        }

        return path;
    }

    [Fact]
    public async Task Rich_text_runs_are_joined_phonetic_guides_left_out_and_cdata_kept()
    {
        // si 0: two runs "He " + "shouted" (§18.4.4); si 1: 東京 with its reading とうきょう as an rPh guide (§18.4.6),
        // not the text; si 2: a t whose text is "at " then a CDATA section "<the gate>" — XML text is both (XML 1.0 §2.7).
        var strings = Xml + $"<sst xmlns=\"{Main}\"><si><r><t xml:space=\"preserve\">He </t></r><r><rPr><b/></rPr><t>shouted</t></r></si>"
            + "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>とうきょう</t></rPh><phoneticPr fontId=\"1\"/></si>"
            + "<si><t xml:space=\"preserve\">at <![CDATA[<the gate>]]></t></si></sst>";
        var sheet = Sheet(HeaderRow + "<row r=\"2\"><c r=\"A2\"><v>45292</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10:00</t></is></c>"
            + "<c r=\"C2\" t=\"s\"><v>0</v></c><c r=\"D2\" t=\"s\"><v>1</v></c><c r=\"E2\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>"
            + "<row r=\"3\"><c r=\"A3\"><v>45292</v></c><c r=\"B3\" t=\"inlineStr\"><is><t>11:00</t></is></c>"
            + "<c r=\"C3\" t=\"inlineStr\"><is><r><t>wait</t></r><rPh><t>x</t></rPh><r><t>ed</t></r></is></c><c r=\"D3\" t=\"s\"><v>2</v></c><c r=\"E3\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>");
        var path = WriteParts("rich.xlsx", new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = sheet, ["xl/sharedStrings.xml"] = strings });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["He shouted", "waited"], events.Select(e => e.Text));
        Assert.Contains("where: 東京", events[0].Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("とうきょう", events[0].Subject, StringComparison.Ordinal);
        Assert.Contains("where: at <the gate>", events[1].Subject, StringComparison.Ordinal);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Boolean_formula_string_and_error_cells_are_read_as_stored()
    {
        // §18.18.11: t="b" 1 is TRUE; t="str" is a formula's cached text (the formula itself is not evaluated); t="e" an error.
        var sheet = Sheet(HeaderRow
            + "<row r=\"2\"><c r=\"A2\"><v>45292</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C2\" t=\"str\"><f>\"x\"&amp;\"y\"</f><v>cached words</v></c>"
            + "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>"
            + "<row r=\"3\"><c r=\"A3\"><v>45292</v></c><c r=\"B3\" t=\"inlineStr\"><is><t>11:00</t></is></c><c r=\"C3\" t=\"inlineStr\"><is><t>b</t></is></c>"
            + "<c r=\"D3\" t=\"e\"><v>#N/A</v></c><c r=\"E3\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>");
        var path = WriteParts("types.xlsx", new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = sheet });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["cached words", "b"], events.Select(e => e.Text));
        Assert.Contains("where: TRUE", events[0].Subject, StringComparison.Ordinal);
        Assert.Contains("where: #N/A", events[1].Subject, StringComparison.Ordinal);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Rows_and_cells_without_a_reference_follow_the_one_before()
    {
        // §18.3.1.73 row/@r and §18.3.1.4 c/@r are optional: a row without r is the next row, a cell without r the next column.
        var sheet = Sheet(HeaderRow
            + "<row r=\"5\"><c><v>45292</v></c><c t=\"inlineStr\"><is><t>10:00</t></is></c><c t=\"inlineStr\"><is><t>fifth</t></is></c><c/><c t=\"inlineStr\"><is><t>Jordan</t></is></c></row>"
            + "<row><c r=\"A6\"><v>45293</v></c><c r=\"B6\" t=\"inlineStr\"><is><t>11:00</t></is></c><c r=\"E6\" t=\"inlineStr\"><is><t>Jordan</t></is></c><c t=\"inlineStr\"><is><t>beyond</t></is></c></row>");
        var path = WriteParts("norefs.xlsx", new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = sheet });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["sheet Log row 5", "sheet Log row 6"], events.Select(e => e.Source.Locator));
        Assert.Equal("fifth", events[0].Text);
        Assert.Equal(["name:Jordan", "name:Jordan"], events.Select(e => e.From));
        // The unreferenced cell after E6 is column F, past the five header columns.
        Assert.Contains(context.Diagnostics, d => d.Locator == "sheet Log row 6" && d.Reason == "more cells than header columns; the extra cells are not read");
    }

    [Fact]
    public async Task Cells_past_the_column_limit_are_not_read()
    {
        // Column BL is index 63, the last read (MaxColumns = 64); BM (64) is past it, so only BL makes the row wider than its header.
        Assert.Equal("BL", SpreadsheetMlWriter.ColumnName(63));
        var row = "<c r=\"A{0}\"><v>45292</v></c><c r=\"B{0}\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C{0}\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"E{0}\" t=\"inlineStr\"><is><t>Jordan</t></is></c>";
        var sheet = Sheet(HeaderRow
            + "<row r=\"2\">" + string.Format(CultureInfo.InvariantCulture, row, 2) + "<c r=\"BM2\" t=\"inlineStr\"><is><t>far</t></is></c></row>"
            + "<row r=\"3\">" + string.Format(CultureInfo.InvariantCulture, row, 3) + "<c r=\"BL3\" t=\"inlineStr\"><is><t>near</t></is></c></row>");
        var path = WriteParts("wide.xlsx", new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = sheet });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(2, events.Count);
        Assert.Equal("sheet Log row 3", Assert.Single(context.Diagnostics).Locator);
    }

    [Fact]
    public async Task A_namespace_prefixed_workbook_reads_as_the_default_namespace_one()
    {
        // Namespaces in XML 1.0 §6: x:row in the main namespace is row. date1904="true" is xsd:boolean true (§18.2.28).
        var sheet = Xml + $"<x:worksheet xmlns:x=\"{Main}\"><x:sheetData>" + HeaderRow.Replace("<", "<x:", StringComparison.Ordinal).Replace("<x:/", "</x:", StringComparison.Ordinal)
            + "<x:row r=\"2\"><x:c r=\"A2\"><x:v>0</x:v></x:c><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C2\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"E2\" t=\"inlineStr\"><x:is><x:t>Jordan</x:t></x:is></x:c></x:row>"
            + "</x:sheetData></x:worksheet>";
        var path = WriteParts("prefixed.xlsx", new Dictionary<string, string?>
        {
            ["xl/workbook.xml"] = Xml + $"<x:workbook xmlns:x=\"{Main}\" xmlns:rel=\"{Rel}\"><x:workbookPr date1904=\"true\"/><x:sheets><x:sheet name=\"Log\" sheetId=\"1\" rel:id=\"rId1\"/></x:sheets></x:workbook>",
            ["xl/worksheets/sheet1.xml"] = sheet,
            ["xl/sharedStrings.xml"] = Xml + $"<x:sst xmlns:x=\"{Main}\"><x:si><x:t>08:15</x:t></x:si><x:si><x:t>prefixed</x:t></x:si></x:sst>",
        });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        // Serial 0 in the 1904 system is 1904-01-01; London was on GMT that winter.
        var e = Assert.Single(events);
        Assert.Equal(("prefixed", LondonToUtc(new(1904, 1, 1), new(8, 15))), (e.Text, e.Time.Utc));
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_strict_workbook_is_read_and_strict_namespaces_under_transitional_relationships_are_refused()
    {
        // ISO/IEC 29500 strict renames the namespaces and relationship types under purl.oclc.org.
        const string StrictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main";
        const string StrictRel = "http://purl.oclc.org/ooxml/officeDocument/relationships";
        var sheet = Sheet(HeaderRow + "<row r=\"2\"><c r=\"A2\"><v>45292</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>strict</t></is></c><c r=\"E2\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>", StrictMain);
        var workbook = Xml + $"<workbook xmlns=\"{StrictMain}\" xmlns:r=\"{StrictRel}\"><sheets><sheet name=\"Log\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
        Dictionary<string, string?> StrictParts(string rel) => new()
        {
            ["_rels/.rels"] = Xml + $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
            ["xl/_rels/workbook.xml.rels"] = Xml + $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            ["xl/workbook.xml"] = workbook,
            ["xl/worksheets/sheet1.xml"] = sheet,
            ["xl/sharedStrings.xml"] = null,
        };

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), WriteParts("strict.xlsx", StrictParts(StrictRel)));
        Assert.Equal(("strict", LondonToUtc(new(2024, 1, 1), new(10, 0))), (Assert.Single(events).Text, events[0].Time.Utc));
        Assert.Empty(context.Diagnostics);

        (events, context) = await ReadAsync(new IncidentLogXlsxReader(), WriteParts("mixed.xlsx", StrictParts(Rel)));
        Assert.Empty(events);
        Assert.True(context.IsUnsupported);
        Assert.Equal("package", Assert.Single(context.Diagnostics).Locator);
    }

    [Fact]
    public async Task A_chart_sheet_first_or_a_sheet_relationship_to_a_missing_part_is_reported()
    {
        var log = Sheet(HeaderRow);
        var rels = Xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + $"<Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId3\" Type=\"{Rel}/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>";
        var chartFirst = WriteParts("chart.xlsx", new Dictionary<string, string?>
        {
            ["xl/workbook.xml"] = Xml + $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"Chart1\" sheetId=\"2\" r:id=\"rId3\"/><sheet name=\"Log\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/_rels/workbook.xml.rels"] = rels,
            ["xl/worksheets/sheet1.xml"] = log,
            ["xl/chartsheets/sheet1.xml"] = Xml + $"<chartsheet xmlns=\"{Main}\"><sheetViews/></chartsheet>",
        });
        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), chartFirst);
        Assert.Empty(events);
        var chart = Assert.Single(context.Diagnostics);
        Assert.Equal(("workbook", "the first sheet 'Chart1' has no worksheet part (a chart sheet, or the part is missing)"), (chart.Locator, chart.Reason));

        // A relationship to a part the zip does not hold (OPC Part 2 §9.3.1) makes the package unreadable.
        var dangling = WriteParts("dangling.xlsx", new Dictionary<string, string?> { ["xl/_rels/workbook.xml.rels"] = rels, ["xl/worksheets/sheet1.xml"] = log });
        (events, context) = await ReadAsync(new IncidentLogXlsxReader(), dangling);
        Assert.Empty(events);
        var missing = Assert.Single(context.Diagnostics);
        Assert.Equal(("package", "not a readable workbook: Specified part does not exist in the package."), (missing.Locator, missing.Reason));
    }

    [Fact]
    public async Task A_workbook_without_a_shared_string_table_reads_its_inline_strings()
    {
        var sheet = Sheet(HeaderRow + "<row r=\"2\"><c r=\"A2\"><v>45292</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>no table</t></is></c><c r=\"D2\" t=\"s\"><v>0</v></c><c r=\"E2\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>");
        var path = WriteParts("nosst.xlsx", new Dictionary<string, string?>
        {
            ["xl/_rels/workbook.xml.rels"] = Xml + $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            ["xl/worksheets/sheet1.xml"] = sheet,
            ["xl/sharedStrings.xml"] = null,
        });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        // The t="s" cell indexes a table that is not there: it is empty, so the subject has no "where".
        Assert.Equal("no table", Assert.Single(events).Text);
        Assert.DoesNotContain("where", events[0].Subject, StringComparison.Ordinal);
        Assert.Empty(context.Diagnostics);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(" true ", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public async Task The_date_system_flag_is_read_as_an_xsd_boolean(string flag, bool date1904)
    {
        // XML Schema Part 2 §3.2.2: boolean is true, false, 1 or 0 (whitespace collapsed).
        var sheet = Sheet(HeaderRow + "<row r=\"2\"><c r=\"A2\"><v>45292</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"E2\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>");
        var path = WriteParts("d.xlsx", new Dictionary<string, string?>
        {
            ["xl/workbook.xml"] = Xml + $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><workbookPr date1904=\"{flag}\"/><sheets><sheet name=\"Log\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/worksheets/sheet1.xml"] = sheet,
        });

        var (events, _) = await ReadAsync(new IncidentLogXlsxReader(), path);

        // 45292 is 2024-01-01 in the 1900 system and 1462 days later, 2028-01-02, in the 1904 system.
        var day = date1904 ? new DateOnly(2024, 1, 1).AddDays(1462) : new DateOnly(2024, 1, 1);
        Assert.Equal(new DateOnly(2028, 1, 2), new DateOnly(2024, 1, 1).AddDays(1462));
        Assert.Equal(LondonToUtc(day, new(10, 0)), Assert.Single(events).Time.Utc);
    }

    [Fact]
    public async Task A_date_system_flag_that_is_not_a_boolean_makes_the_workbook_unreadable()
    {
        var path = WriteParts("yes.xlsx", new Dictionary<string, string?>
        {
            ["xl/workbook.xml"] = Xml + $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><workbookPr date1904=\"yes\"/><sheets><sheet name=\"Log\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/worksheets/sheet1.xml"] = Sheet(HeaderRow),
        });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Empty(events);
        var d = Assert.Single(context.Diagnostics);
        Assert.Equal("package", d.Locator);
        Assert.Contains("'yes'", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dtd_is_refused_and_its_entities_never_expanded()
    {
        // An internal entity would put "EXPANDED" in the text; with DTDs prohibited the sheet stops at the DOCTYPE.
        var sheet = Xml + "<!DOCTYPE worksheet [<!ENTITY e \"EXPANDED\">]>" + $"<worksheet xmlns=\"{Main}\"><sheetData>{HeaderRow}"
            + "<row r=\"2\"><c r=\"A2\"><v>45292</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>&e;</t></is></c><c r=\"E2\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row></sheetData></worksheet>";
        var path = WriteParts("dtd.xlsx", new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = sheet });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Empty(events);
        var d = Assert.Single(context.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Skipped, "sheet Log"), (d.Severity, d.Locator));
        Assert.Contains("DTD is prohibited", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_type_outside_the_schema_stops_the_sheet_after_the_rows_before_it()
    {
        // §18.18.11 ST_CellType has b, d, e, inlineStr, n, s, str only; "S" is not one of them.
        var row = "<row r=\"{0}\"><c r=\"A{0}\"><v>45292</v></c><c r=\"B{0}\" t=\"inlineStr\"><is><t>10:00</t></is></c><c r=\"C{0}\" t=\"{1}\"><v>0</v></c><c r=\"E{0}\" t=\"inlineStr\"><is><t>Jordan</t></is></c></row>";
        var sheet = Sheet(HeaderRow + string.Format(CultureInfo.InvariantCulture, row, 2, "n") + string.Format(CultureInfo.InvariantCulture, row, 3, "S") + string.Format(CultureInfo.InvariantCulture, row, 4, "n"));
        var path = WriteParts("type.xlsx", new Dictionary<string, string?> { ["xl/worksheets/sheet1.xml"] = sheet });

        var (events, context) = await ReadAsync(new IncidentLogXlsxReader(), path);

        Assert.Equal(["sheet Log row 2"], events.Select(e => e.Source.Locator));
        var d = Assert.Single(context.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Skipped, "sheet Log"), (d.Severity, d.Locator));
        Assert.StartsWith("the sheet could not be read further: ", d.Reason, StringComparison.Ordinal);
    }
}
