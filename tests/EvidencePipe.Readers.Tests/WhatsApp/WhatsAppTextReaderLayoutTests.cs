using EvidencePipe.Model;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsApp;

/// <summary>Hand-made chats for layouts, date orders and time-zone edges not covered by the real fixtures.</summary>
public sealed class WhatsAppTextReaderLayoutTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Naive_times_either_side_of_the_spring_change_convert_to_the_right_utc_instant()
    {
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Jane.txt",
            "25/03/2023, 00:30 - Jane: before\n27/03/2023, 00:30 - Jane: after\n");

        Assert.Equal(WhatsAppTestFiles.Utc("2023-03-25T00:30:00Z"), events.At(1).Time.Utc);
        Assert.Equal(WhatsAppTestFiles.Utc("2023-03-26T23:30:00Z"), events.At(2).Time.Utc);
        Assert.All(events, e => Assert.Equal(TimeAnomaly.None, e.Time.Anomaly));
    }

    [Fact]
    public async Task A_time_in_the_spring_forward_gap_is_flagged()
    {
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Jane.txt",
            "26/03/2023, 01:30 - Jane: in the gap\n");

        Assert.Equal(TimeAnomaly.Gap, events.Single().Time.Anomaly);
        Assert.Equal(WhatsAppTestFiles.Utc("2023-03-26T01:30:00Z"), events.Single().Time.Utc);
    }

    [Fact]
    public async Task A_time_in_the_autumn_overlap_is_flagged_ambiguous()
    {
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Jane.txt",
            "29/10/2023, 01:30 - Jane: twice\n");

        Assert.Equal(TimeAnomaly.Ambiguous, events.Single().Time.Anomaly);
    }

    [Fact]
    public async Task Given_no_date_proves_its_order_when_reading_then_day_first_is_assumed_and_noted_with_the_file_name()
    {
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Jane.txt",
            "01/02/20, 10:00 - Jane: one\n03/04/20, 11:00 - Jane: two\n");

        Assert.Equal(new DateTime(2020, 2, 1, 10, 0, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal(new DateTime(2020, 4, 3, 11, 0, 0), events.At(2).Time.Local.DateTime);
        var note = Assert.Single(context.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Note, note.Severity);
        Assert.Contains("WhatsApp Chat with Jane.txt", note.Reason, StringComparison.Ordinal);
        Assert.Contains("undecidable", note.Reason, StringComparison.Ordinal);
        Assert.Contains("day-first", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_option_month_first_when_the_order_is_undecidable_then_month_first_is_assumed()
    {
        var options = new WhatsAppReaderOptions { UndecidableDateOrder = DateOrder.MonthFirst };
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt",
            "01/02/20, 10:00 - Jane: one\n", options: options);

        Assert.Equal(new DateTime(2020, 1, 2, 10, 0, 0), events.Single().Time.Local.DateTime);
        Assert.Contains("month-first", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_date_above_twelve_decides_the_order_for_earlier_lines_too()
    {
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt",
            "01/02/20, 10:00 - Jane: one\n02/13/20, 10:00 - Jane: two\n");

        Assert.Equal(new DateTime(2020, 1, 2, 10, 0, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal(new DateTime(2020, 2, 13, 10, 0, 0), events.At(2).Time.Local.DateTime);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Given_dates_that_prove_both_orders_then_a_note_is_made_and_the_odd_line_is_read_the_other_way()
    {
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt",
            "20/01/20, 10:00 - Jane: day first\n01/20/20, 10:00 - Jane: month first\n");

        Assert.Equal(new DateTime(2020, 1, 20, 10, 0, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal(new DateTime(2020, 1, 20, 10, 0, 0), events.At(2).Time.Local.DateTime);
        Assert.Contains(context.Diagnostics, d => d.Locator == "file" && d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("undecidable", StringComparison.Ordinal) && d.Reason.Contains("chat.txt", StringComparison.Ordinal));
        Assert.Contains(context.Diagnostics, d => d.Locator == "line 2" && d.Severity == DiagnosticSeverity.Recovered);
    }

    [Fact]
    public async Task Ios_exports_with_seconds_narrow_spaces_and_bidi_marks_are_read()
    {
        var text =
            "[2/1/23, 9:05:07\u202FPM] Jane Doe: hi\n" +
            "[2/13/23, 10:00:00\u202FAM] \u200EJohn Doe: \u200Eimage omitted\n" +
            "[2/13/23, 10:01:30\u202FAM] John Doe: \u200E<attached: 00000012-PHOTO-2023-02-13-10-01-30.jpg>\n";
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "_chat.txt", text);

        Assert.Equal(new DateTime(2023, 2, 1, 21, 5, 7), events.At(1).Time.Local.DateTime);
        Assert.Equal("name:John Doe", events.At(2).From);
        Assert.Equal("image omitted", events.At(2).Text);
        Assert.Equal([new Attachment(null, null, 0, null)], events.At(2).Attachments);
        Assert.Equal([new Attachment("00000012-PHOTO-2023-02-13-10-01-30.jpg", "image/jpeg", 0, null)], events.At(3).Attachments);
        Assert.Equal(["name:Jane Doe"], events.At(3).To);
        Assert.Equal("whatsapp:name:Jane Doe,name:John Doe", events.At(1).ThreadId);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task English_android_twelve_hour_media_omitted_and_file_attached_are_read()
    {
        var text =
            "1/2/23, 9:05 PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n" +
            "1/2/23, 9:06 PM - Jane: <Media omitted>\n" +
            "1/13/23, 12:01 AM - Jane: IMG-20230113-WA0001.jpg (file attached)\n" +
            "1/13/23, 12:02 PM - Sam changed the subject from \"a\" to \"plans: friday\"\n";
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Jane.txt", text);

        Assert.Null(events.At(1).From);
        Assert.Equal([new Attachment(null, null, 0, null)], events.At(2).Attachments);
        Assert.Equal(new DateTime(2023, 1, 13, 0, 1, 0), events.At(3).Time.Local.DateTime);
        Assert.Equal("IMG-20230113-WA0001.jpg", events.At(3).Attachments.Single().Name);
        Assert.Null(events.At(4).From);
        Assert.Equal(new DateTime(2023, 1, 13, 12, 2, 0), events.At(4).Time.Local.DateTime);
        Assert.All(events, e => Assert.Equal("whatsapp:Jane", e.ThreadId));
    }

    [Fact]
    public async Task German_twelve_hour_markers_vorm_and_nachm_are_read()
    {
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat mit Jane.txt",
            "16.02.21, 10:10 vorm. - Jane: morgens\n16.02.21, 10:10 nachm. - Jane: abends\n");

        Assert.Equal(new DateTime(2021, 2, 16, 10, 10, 0), events.At(1).Time.Local.DateTime);
        Assert.Equal(new DateTime(2021, 2, 16, 22, 10, 0), events.At(2).Time.Local.DateTime);
    }

    [Fact]
    public async Task A_chat_named_by_its_file_whose_partner_wrote_is_a_two_party_chat()
    {
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat - +44 7700 900123.txt",
            "01/02/2023, 10:00 - +44 7700 900123: hello\n01/02/2023, 10:01 - Me: hi\n", WhatsAppTestFiles.WithOwner("name:Me"));

        Assert.Equal("tel:+447700900123", events.At(1).From);
        Assert.Equal(["name:Me"], events.At(1).To);
        Assert.Equal(Direction.Incoming, events.At(1).Direction);
        Assert.Equal(["tel:+447700900123"], events.At(2).To);
        Assert.Equal(Direction.Outgoing, events.At(2).Direction);
        Assert.Equal("whatsapp:+44 7700 900123", events.At(1).ThreadId);
    }

    [Fact]
    public async Task A_file_named_for_someone_who_never_wrote_is_a_group_named_by_the_file()
    {
        var (events, _) = await WhatsAppTestFiles.ReadTextAsync(_dir, "WhatsApp Chat with Book Club.txt",
            "01/02/2023, 10:00 - Ann: hello\n01/02/2023, 10:01 - Bob: hi\n");

        Assert.Equal(["name:Bob"], events.At(1).To);
        Assert.Equal("whatsapp:Book Club", events.At(1).ThreadId);
    }

    [Fact]
    public async Task Windows_line_endings_and_a_byte_order_mark_are_not_part_of_the_text()
    {
        var (events, context) = await WhatsAppTestFiles.ReadTextAsync(_dir, "chat.txt",
            "\uFEFF13/02/2023, 10:00 - Ann: hello\r\nsecond line\r\n13/02/2023, 10:01 - Bob: hi\r\n");

        Assert.Equal("hello\nsecond line", events.At(1).Text);
        Assert.Equal("hi", events.At(3).Text);
        Assert.Empty(context.Diagnostics);
    }
}
