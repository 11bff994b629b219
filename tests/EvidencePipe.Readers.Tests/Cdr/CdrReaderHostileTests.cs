using EvidencePipe.Readers.Cdr;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.AppExportTestFiles;

namespace EvidencePipe.Readers.Tests.Cdr;

/// <summary>Damaged and hostile input: nothing escapes the reader, nothing vanishes unreported.</summary>
public sealed class CdrReaderHostileTests : IDisposable
{
    private const string Header = "interaction,direction,correspondent_id,datetime,call_duration,antenna_id\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_empty_file_is_skipped_naming_why_no_mapping_fits()
    {
        var (events, context) = await ReadBytesAsync(new CdrReader(), _dir, "empty.csv", []);

        Assert.Empty(events);
        var skipped = Assert.Single(context.Diagnostics);
        Assert.Equal(("file", DiagnosticSeverity.Skipped), (skipped.Locator, skipped.Severity));
        Assert.Contains("bandicoot: ", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("orange: ", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_are_skipped_as_a_whole()
    {
        var bytes = new byte[20_000];
        new Random(3).NextBytes(bytes);

        var (events, context) = await ReadBytesAsync(new CdrReader(), _dir, "random.csv", bytes);

        Assert.Empty(events);
        Assert.Equal(1, context.Skipped);
    }

    [Fact]
    public async Task Bad_rows_are_reported_by_line_and_good_rows_around_them_kept()
    {
        var text = Header
            + "text,out,A,2014-03-02 07:13:30,,2\n"
            + "call,in,A,yesterday,60,2\n"
            + "call,in\n"
            + "call,sideways,B,2014-03-02 08:00:00,abc,99\n"
            + "fax,in,C,2014-03-02 09:00:00,,\n"
            + "\"text,out,D,2014-03-02 10:00:00,,1\n"
            + "\n"
            + "text,in,E,2014-03-02 11:00:00,,1\n";

        var (events, context) = await ReadTextAsync(new CdrReader(), _dir, "cdr.csv", text);

        Assert.Equal(["line 2", "line 5", "line 6", "line 9"], events.Select(e => e.Source.Locator));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 3" && d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("'yesterday'", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 4" && d.Severity == DiagnosticSeverity.Skipped && d.Reason.Contains("2 field(s)", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 5" && d.Reason.Contains("direction 'sideways'", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 5" && d.Reason.Contains("duration 'abc'", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 6" && d.Reason.Contains("type 'fax'", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 7" && d.Severity == DiagnosticSeverity.Skipped);
        Assert.Equal(3, context.Skipped);
    }

    [Fact]
    public async Task A_header_missing_a_mapped_column_is_not_taken_for_a_cdr()
    {
        var (events, context) = await ReadTextAsync(new CdrReader(), _dir, "cdr.csv", "interaction,direction,datetime\ntext,out,2014-03-02 07:13:30\n");

        Assert.Empty(events);
        Assert.Contains(context.Diagnostics, d => d.Locator == "file" && d.Reason.Contains("'correspondent_id'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_cut_mid_row_keeps_every_complete_row_and_reports_the_fragment()
    {
        var original = await File.ReadAllTextAsync(RepoPaths.Fixture("cdr", "A_orange.csv"));
        var cut = original[..(original.IndexOf("2014-08-21 21:18", StringComparison.Ordinal) + 5)];

        var (events, context) = await ReadTextAsync(new CdrReader(), _dir, "A_orange.csv", cut);

        Assert.Equal(6, events.Count);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 7" && d.Severity == DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task An_overlong_line_is_skipped_without_being_held()
    {
        var text = Header + "text,out,A,2014-03-02 07:13:30,,2\n" + new string('x', 200_000) + "\ntext,in,B,2014-03-02 08:13:30,,2\n";

        var (events, context) = await ReadTextAsync(new CdrReader(), _dir, "cdr.csv", text);

        Assert.Equal(2, events.Count);
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 3" && d.Reason.Contains("longer than", StringComparison.Ordinal));
    }
}
