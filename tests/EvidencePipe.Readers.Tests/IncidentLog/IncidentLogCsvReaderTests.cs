using EvidencePipe.Model;
using EvidencePipe.Readers.IncidentLog;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.IncidentLog;

/// <summary>The victim's incident log as CSV: the documented template, header variants and hostile rows.</summary>
public sealed class IncidentLogCsvReaderTests : IDisposable
{
    private const string Header = "Date,Time,What happened,Where,Witnesses,How it affected me,Who\r\n";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Others() => OtherFixtures("incident-log");

    [Fact]
    public async Task The_template_gives_one_incident_per_row_in_the_victims_words()
    {
        var (events, context) = await ReadAsync(new IncidentLogCsvReader(), RepoPaths.Fixture("incident-log", "incident-log-template.csv"));

        Assert.Equal(["row 2", "row 3"], events.Select(e => e.Source.Locator));
        var first = events.At("row 2");
        Assert.Equal((EventKind.Incident, Channels.Incident, Direction.Incoming), (first.Kind, first.Channel, first.Direction));
        // 07:45 on 3 April 2024 in Europe/London is BST (UTC+1): 06:45 UTC.
        Assert.Equal(Utc("2024-04-03T06:45:00"), first.Time.Utc);
        Assert.Equal("He was waiting by my car when I left for work. He said \"you can't hide from me\".", first.Text);
        Assert.Equal("tel:+447700900666", first.From);
        Assert.Contains("where: Outside my house on Elm Road", first.Subject, StringComparison.Ordinal);
        Assert.Contains("witnesses: My neighbour, Mrs Patel (07700900444)", first.Subject, StringComparison.Ordinal);
        Assert.Contains("how it affected me: I was shaking and could not go to work.", first.Subject, StringComparison.Ordinal);

        // Day-first UK date and no time: midday BST, 11:00 UTC, and the subject says the time was not recorded.
        var second = events.At("row 3");
        Assert.Equal(Utc("2024-04-06T11:00:00"), second.Time.Utc);
        Assert.Equal("name:Jordan", second.From);
        Assert.Contains("time not recorded", second.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Skipped);
    }

    [Theory]
    [InlineData("Date,Time,What happened,Where,Witnesses,How it affected me,Who\n")]
    [InlineData("\uFEFFdate;time;what happened?;where;witnesses;how it affected me\n")]
    [InlineData("Date (DD/MM/YYYY)\tTime (HH:MM)\tWhat happened, in your own words\tWhere it happened\tWho\n")]
    [InlineData("\n\n\"Date\",\"What happened\",\"Where\",\"Witnesses\"\n")]
    public void A_header_row_in_any_of_its_spellings_is_recognised(string head) =>
        Assert.True(new IncidentLogCsvSniffer().Matches(System.Text.Encoding.UTF8.GetBytes(head)));

    [Theory]
    [InlineData("date,time,number,duration,direction\n")]
    [InlineData("date,what happened\n")]
    [InlineData("what happened,where,witnesses,who\n")]
    [InlineData("Some notes first\nDate,Time,What happened,Where\n")]
    public void A_csv_without_the_log_columns_is_not_taken_for_one(string head) =>
        Assert.False(new IncidentLogCsvSniffer().Matches(System.Text.Encoding.UTF8.GetBytes(head)));

    [Theory]
    [MemberData(nameof(Others))]
    public void No_other_fixture_is_taken_for_an_incident_log(string relative) =>
        Assert.False(new IncidentLogCsvSniffer().Matches(ReaderHarness.Head(Path.Combine(RepoPaths.Fixtures, relative))));

    [Fact]
    public async Task A_multi_line_cell_stays_one_row_and_its_locator_names_the_file_line()
    {
        var (events, _) = await ReadTextAsync(new IncidentLogCsvReader(), _dir, "log.csv",
            Header + "2024-04-01,10:00,\"first line\nsecond line\",here,,,Jordan\r\n2024-04-02,10:00,next,,,,Jordan\r\n");
        Assert.Equal(["row 2", "row 3 (line 4)"], events.Select(e => e.Source.Locator));
        Assert.Equal("first line\nsecond line", events[0].Text);
    }

    [Fact]
    public async Task Rows_with_bad_dates_are_skipped_with_a_diagnostic_and_the_rest_are_read()
    {
        var (events, context) = await ReadTextAsync(new IncidentLogCsvReader(), _dir, "log.csv",
            Header + "yesterday,10:00,a,,,,Jordan\r\n0001-01-01,10:00,b,,,,Jordan\r\n2024-02-30,10:00,c,,,,Jordan\r\n2024-04-01,25:99,d,,,,Jordan\r\n2024-04-02,09:30 pm,e,,,,Jordan\r\n");
        Assert.Equal(["row 5", "row 6"], events.Select(e => e.Source.Locator));
        Assert.Equal(3, context.Skipped);
        Assert.Equal(["row 2", "row 3", "row 4"], context.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Skipped).Select(d => d.Locator));
        // 25:99 is no time: kept at midday and reported; "09:30 pm" is 21:30 BST, 20:30 UTC.
        Assert.Equal(1, context.Recovered);
        Assert.Equal(Utc("2024-04-01T11:00:00"), events[0].Time.Utc);
        Assert.Equal(Utc("2024-04-02T20:30:00"), events[1].Time.Utc);
    }

    [Fact]
    public async Task A_formula_is_kept_as_the_text_typed_and_never_evaluated()
    {
        var (events, _) = await ReadTextAsync(new IncidentLogCsvReader(), _dir, "log.csv",
            Header + "2024-04-01,10:00,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,,,Jordan\r\n");
        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", Assert.Single(events).Text);
    }

    [Fact]
    public async Task A_quote_left_open_ends_its_record_at_the_bound_and_the_read_reports_it()
    {
        var (events, context) = await ReadTextAsync(new IncidentLogCsvReader(), _dir, "log.csv",
            Header + "2024-04-01,10:00,fine,,,,Jordan\r\n2024-04-02,10:00,\"open quote " + new string('x', 200_000) + "\r\n");
        Assert.Equal(2, events.Count);
        Assert.Equal("fine", events[0].Text);
        Assert.Equal(CsvLimit, events[1].Text!.Length);
        Assert.Contains(context.Diagnostics, d => d.Locator == "row 3" && d.Reason.Contains("quote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_row_naming_no_one_is_kept_on_the_timeline_and_noted()
    {
        var (events, context) = await ReadTextAsync(new IncidentLogCsvReader(), _dir, "log.csv", Header + "2024-04-01,10:00,a car followed me,,,,\r\n");
        var e = Assert.Single(events);
        Assert.Null(e.From);
        Assert.Equal(Direction.Unknown, e.Direction);
        Assert.Contains(context.Diagnostics, d => d.Locator == "row 2" && d.Severity == DiagnosticSeverity.Note);
    }

    /// <summary>CsvRecords.MaxFieldChars, written out: 64 Ki characters.</summary>
    private const int CsvLimit = 64 * 1024;
}
