using EvidencePipe.Model;
using EvidencePipe.Readers.OutlookMsg;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.OutlookMsg;

/// <summary>
/// Outlook .msg on the five real MSGReader samples (fixtures/email_msg). Every expected value is
/// printed by <c>/usr/bin/python3 tools/msg/msg_oracle.py fixtures/email_msg/*.msg</c>, which reads the
/// files with olefile (a separate, mature MS-CFB implementation) and decodes the MS-OXMSG property
/// streams on its own; times are its FILETIME → UTC conversions, compared to the millisecond.
/// </summary>
public sealed class OutlookMsgReaderTests
{
    private static string Fixture(string name) => RepoPaths.Fixture("email_msg", name);

    private static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadAsync(string name, params string[] owners)
    {
        var settings = CaseSettings.Default;
        if (owners.Length > 0)
        {
            settings = settings with { Owners = new HashSet<string>(owners, StringComparer.Ordinal) };
        }

        var (records, context) = await ReaderHarness.ReadAllAsync(new OutlookMsgReader(), Fixture(name), settings);
        return (records.OfType<EventRecord>().Select(r => r.Event).ToList(), context);
    }

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_plain_text_message_has_its_sender_recipient_subject_body_time_and_ids()
    {
        var (events, context) = await ReadAsync("TxtSampleEmail.msg", "email:chris.wilson@leeds.gov.uk");

        var e = Assert.Single(events);
        Assert.Equal((EventKind.Email, Channels.Email, "message"), (e.Kind, e.Channel, e.Source.Locator));
        Assert.Equal("email:chris.wilson@leeds.gov.uk", e.From); // PidTagSenderSmtpAddress Chris.Wilson@leeds.gov.uk (sender type EX)
        Assert.Equal(["email:chris.wilson@leeds.gov.uk"], e.To);
        Assert.Equal("Wilson, Chris", e.Names["email:chris.wilson@leeds.gov.uk"]);
        Assert.Equal("TxtSampleEmail", e.Subject);
        Assert.StartsWith("BOOK ONE: 1805\r\n\r\n\r\n\r\n\r\n\r\nCHAPTER I\r\n\r\n\u201CWell, Prince, so Genoa and Lucca are now", e.Text, StringComparison.Ordinal);
        Assert.Equal(Ms("2017-10-23T07:31:27.000Z"), e.Time.UnixMilliseconds); // PidTagClientSubmitTime
        Assert.Equal(TimeBasis.ExplicitOffset, e.Time.Basis);
        Assert.Equal("<6BA412B7BBD2FD42861293C22F31BF8F1AECAB77@pifmbx04.Leeds.gov.uk>", e.MessageId);
        Assert.Equal(e.MessageId, e.ThreadId);
        Assert.Equal(Direction.Outgoing, e.Direction);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task An_attachment_is_hashed_with_its_name_and_size()
    {
        var (events, _) = await ReadAsync("HtmlSampleEmailWithAttachment.msg");

        var e = Assert.Single(events);
        Assert.Equal(new Attachment("SampleAttachment.pdf", null, 169480, "4845736e5fd1fe354b697901eefb9d9c3383ca98f12df5bfadab764fe6d488cd"), Assert.Single(e.Attachments));
        Assert.Equal(Ms("2017-10-23T09:05:24.000Z"), e.Time.UnixMilliseconds);
        Assert.StartsWith("This is a sample HTML email with an attachment", e.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attached_message_is_read_as_its_own_event_in_the_parents_thread()
    {
        var (events, context) = await ReadAsync("EmailWithMsgAttachment.msg");

        Assert.Equal(["message", "message/attachment[0]/message"], events.Select(e => e.Source.Locator));
        var parent = events[0];
        var child = events[1];
        Assert.Equal(("FW: Msg Attachment Test", "Msg Attachment Test"), (parent.Subject, child.Subject));
        Assert.Equal(new Attachment("Msg Attachment Test", "application/vnd.ms-outlook", 0, null), Assert.Single(parent.Attachments));
        Assert.Equal(Ms("2025-07-22T12:15:09.000Z"), parent.Time.UnixMilliseconds);
        Assert.Equal(Ms("2025-07-22T12:14:13.000Z"), child.Time.UnixMilliseconds);
        Assert.Equal("<DU2P193MB2002BFDF69BC4B02DF594370B35CA@DU2P193MB2002.EURP193.PROD.OUTLOOK.COM>", child.MessageId);
        Assert.Equal(parent.ThreadId, child.ThreadId);
        Assert.Equal("email:d.triendl@cp-solutions.at", child.From);
        Assert.Contains(context.Diagnostics, d => d.Locator == "message/attachment[0]" && d.Reason.Contains("its own event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_without_a_submit_time_uses_its_delivery_time_and_says_so()
    {
        var (events, context) = await ReadAsync("RtfWithShortRussianString.msg");

        var e = Assert.Single(events);
        Assert.Equal(Ms("2023-10-04T13:28:39.523Z"), e.Time.UnixMilliseconds); // PidTagMessageDeliveryTime; no PidTagClientSubmitTime
        Assert.StartsWith("\u0432\u0432\u0435\u0441\u0442\u0438  \u00AB\u0418\u043C\u044F \u043F\u043E\u043B\u044C\u0437\u043E\u0432\u0430\u0442\u0435\u043B\u044F\u00BB", e.Text, StringComparison.Ordinal);
        Assert.Null(e.From);
        Assert.Contains(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("delivery time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exchange_online_senders_and_recipients_are_read_by_their_smtp_address()
    {
        var (events, _) = await ReadAsync("EmailWithReactions.msg", "email:test2@readreceipts.onmicrosoft.com");

        var e = Assert.Single(events);
        Assert.Equal("email:test1@readreceipts.onmicrosoft.com", e.From);
        Assert.Equal(["email:test2@readreceipts.onmicrosoft.com"], e.To);
        Assert.Equal(("test1", "Test read receipts"), (e.Names[e.From!], e.Subject));
        Assert.Equal(Ms("2023-10-05T17:03:07.000Z"), e.Time.UnixMilliseconds);
        Assert.Equal(Direction.Incoming, e.Direction);
        Assert.Equal("Testing", e.Text!.Trim());
    }

    [Fact]
    public async Task The_compressed_rtf_body_decompresses_to_the_same_text_as_the_plain_body()
    {
        // Cross-check of two independent encodings of one body: PidTagRtfCompressed (MS-OXRTFCP), taken out of
        // TxtSampleEmail.msg by olefile (tools/msg/msg_oracle.py --dump-rtf), against its PidTagBody text.
        var compressed = File.ReadAllBytes(RepoPaths.Fixture("email_msg", "derived", "TxtSampleEmail.PidTagRtfCompressed.bin"));

        var rtf = CompressedRtf.Decompress(compressed, out var problem);

        Assert.Null(problem);
        Assert.StartsWith("{\\rtf1", System.Text.Encoding.ASCII.GetString(rtf!), StringComparison.Ordinal);
        var text = RtfText.ToText(rtf!);
        Assert.Contains("BOOK ONE: 1805", text, StringComparison.Ordinal);
        Assert.Contains("CHAPTER I", text, StringComparison.Ordinal);
        Assert.Contains("\u201CWell, Prince, so Genoa and Lucca are now", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_initial_dictionary_is_the_207_bytes_of_the_specification()
    {
        // MS-OXRTFCP §3.1.1.3: WritePosition 207 after initialisation; CR LF at positions 168 and 169.
        Assert.Equal(207, CompressedRtf.InitialDictionary.Length);
        Assert.Equal(((byte)'\r', (byte)'\n'), (CompressedRtf.InitialDictionary[168], CompressedRtf.InitialDictionary[169]));
    }

    [Theory]
    [InlineData("TxtSampleEmail.msg")]
    [InlineData("EmailWithMsgAttachment.msg")]
    [InlineData("EmailWithReactions.msg")]
    [InlineData("HtmlSampleEmailWithAttachment.msg")]
    [InlineData("RtfWithShortRussianString.msg")]
    public void Every_real_sample_is_recognised_by_content(string name)
    {
        Assert.Equal(OutlookMsgReader.FormatName, ReaderCatalog.CreateRegistry().Identify(ReaderHarness.Head(Fixture(name)))?.Format);
    }
}
