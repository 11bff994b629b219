using EvidencePipe.Hashing;
using EvidencePipe.Model;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Tests.SmsBackup;

/// <summary>
/// Golden tests on the real SBR fixtures. Every expected value was read off the raw XML by eye (or
/// by a python regex over the raw file for counts and attachment SHA-256s), never from the reader.
/// </summary>
public sealed class SmsBackupReaderTests
{
    /// <summary>The 1×1 PNG used in several fixtures: base64 decoded and hashed with python3 hashlib.</summary>
    private const string PngSha256 = "6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0";

    private readonly SmsBackupReader _reader = new();

    [Fact]
    public async Task Sms_small_yields_all_twelve_sms_with_directions_parties_times_and_text()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_small.xml"));

        Assert.Equal(12, events.Count);
        Assert.Empty(context.Diagnostics);
        Assert.All(events, e => Assert.Equal(Channels.Sms, e.Channel));
        Assert.All(events, e => Assert.Equal(EventKind.Message, e.Kind));
        Assert.Equal(8, events.Count(e => e.Direction == Direction.Incoming));
        Assert.Equal(4, events.Count(e => e.Direction == Direction.Outgoing));

        var first = events.At("sms[1] line 4");
        Assert.Equal(Direction.Incoming, first.Direction);
        Assert.Equal("tel:+15550000001", first.From);
        Assert.Empty(first.To);
        Assert.Equal(new DateTimeOffset(2017, 12, 2, 14, 49, 27, 463, TimeSpan.Zero), first.Time.Utc);
        Assert.Equal(TimeBasis.Epoch, first.Time.Basis);
        Assert.Equal("Body text 1", first.Text);
        Assert.Null(first.Subject);
        Assert.Null(first.ThreadId);
        Assert.Equal("Contact A", first.Names["tel:+15550000001"]);

        var multiline = events.At("sms[10] line 13");
        Assert.Equal(Direction.Outgoing, multiline.Direction);
        Assert.Null(multiline.From);
        Assert.Equal(["tel:+15550000004"], multiline.To);
        Assert.Equal(1512238221991, multiline.Ms());
        Assert.Equal("Body text 10\nBody text 11\nBody text 12", multiline.Text);
        Assert.Equal("Contact C", multiline.Names["tel:+15550000004"]);

        var contactB = events.At("sms[4] line 7");
        Assert.Equal("tel:+15550000003", contactB.From);
        Assert.Equal(1512236216779, contactB.Ms());
        Assert.Equal("Contact B", contactB.Names["tel:+15550000003"]);
    }

    [Fact]
    public async Task Given_one_owner_When_reading_sms_Then_the_owner_fills_the_missing_side()
    {
        const string owner = "tel:+15559990000";
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_small.xml"), SbrTestFiles.WithOwner(owner));

        Assert.Equal([owner], events.At("sms[1] line 4").To);
        var sent = events.At("sms[5] line 8");
        Assert.Equal(owner, sent.From);
        Assert.Equal(["tel:+15550000001"], sent.To);
        Assert.Equal("Body text 5", sent.Text);
    }

    [Fact]
    public async Task Event_ids_and_locators_are_unique_and_deterministic()
    {
        var path = SbrTestFiles.Fixture("sms_and_mms.xml");
        var (first, _) = await SbrTestFiles.ReadAsync(_reader, path);
        var (second, _) = await SbrTestFiles.ReadAsync(_reader, path);

        Assert.Equal(first.Select(e => e.Id), second.Select(e => e.Id));
        Assert.Equal(first.Count, first.Select(e => e.Id).Distinct().Count());
        Assert.Equal(first.Count, first.Select(e => e.Source.Locator).Distinct().Count());
        Assert.All(first, e => Assert.Equal(EventIds.For(e.Source.Sha256, e.Source.Locator), e.Id));
        Assert.All(first, e => Assert.Equal(SmsBackupFormats.Messages, e.Source.Format));
    }

    [Fact]
    public async Task Sms_and_mms_reads_every_record_up_to_the_truncation_and_reports_it()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_and_mms.xml"));

        // 41 <sms> and 9 <mms> start tags; the file is cut off inside the 9th <mms> (line 133).
        Assert.Equal(50, events.Count);
        Assert.Equal(41, events.Count(e => e.Channel == Channels.Sms));
        Assert.Equal(9, events.Count(e => e.Channel == Channels.Mms));
        Assert.Equal(21 + 6, events.Count(e => e.Direction == Direction.Incoming));
        Assert.Equal(20 + 3, events.Count(e => e.Direction == Direction.Outgoing));

        var cut = Assert.Single(context.Of(DiagnosticSeverity.Recovered));
        Assert.Equal("mms[9] line 133", cut.Locator);
        var damage = Assert.Single(context.Of(DiagnosticSeverity.Skipped));
        Assert.StartsWith("line 136, position ", damage.Locator, StringComparison.Ordinal);
        Assert.Contains("XML not well-formed", damage.Reason, StringComparison.Ordinal);
        Assert.Contains("rest of file not read", damage.Reason, StringComparison.OrdinalIgnoreCase);
        var count = Assert.Single(context.Of(DiagnosticSeverity.Note));
        Assert.Contains("count=58", count.Reason, StringComparison.Ordinal);
        Assert.Contains("50", count.Reason, StringComparison.Ordinal);

        var last = events.At("sms[41] line 44");
        Assert.Equal("Body text 44", last.Text);
        Assert.Equal(1512266289111, last.Ms());
        Assert.Equal(Direction.Outgoing, last.Direction);
    }

    [Fact]
    public async Task Sms_and_mms_group_and_one_to_one_mms_take_parties_from_the_addrs()
    {
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_and_mms.xml"));

        // line 45: inbox, addrs 130 +..06, 137 +..06, 151 +..07 → the Cc repeat of the sender is dropped.
        var received = events.At("mms[1] line 45");
        Assert.Equal(Direction.Incoming, received.Direction);
        Assert.Equal("tel:+15550000006", received.From);
        Assert.Equal(["tel:+15550000007"], received.To);
        Assert.Equal("Body text 45", received.Text);
        Assert.Equal(1720997593000, received.Ms());
        Assert.Null(received.Subject); // sub=""
        Assert.Equal("Contact D", received.Names["tel:+15550000006"]);
        Assert.Empty(received.Attachments);

        // line 55: sent (msg_box 2, m_type 128); the SMIL part is not text.
        var sent = events.At("mms[2] line 55");
        Assert.Equal(Direction.Outgoing, sent.Direction);
        Assert.Equal("tel:+15550000007", sent.From);
        Assert.Equal(["tel:+15550000006"], sent.To);
        Assert.Equal("Body text 46", sent.Text);
        Assert.Equal(1720998243000, sent.Ms());

        // line 65: group RCS, contact_name "(Unknown)".
        var group = events.At("mms[3] line 65");
        Assert.Equal("tel:+15550000009", group.From);
        Assert.Equal(["tel:+15550000006", "tel:+15550000010", "tel:+15550000007"], group.To);
        Assert.Empty(group.Names);
        Assert.Equal("Body text 47", group.Text);
        Assert.Equal(new DateTimeOffset(2024, 7, 14, 23, 35, 23, TimeSpan.Zero), group.Time.Utc);

        var groupReply = events.At("mms[4] line 77");
        Assert.Equal(Direction.Outgoing, groupReply.Direction);
        Assert.Equal("tel:+15550000007", groupReply.From);
        Assert.Equal(["tel:+15550000009", "tel:+15550000006", "tel:+15550000010"], groupReply.To);
        Assert.Equal("Body text 48", groupReply.Text);

        var groupFromTen = events.At("mms[5] line 89");
        Assert.Equal("tel:+15550000010", groupFromTen.From);
        Assert.Equal(["tel:+15550000006", "tel:+15550000009", "tel:+15550000007"], groupFromTen.To);

        Assert.Equal("Body text 50\nBody text 51\nBody text 52\nBody text 53", events.At("mms[6] line 101").Text);
    }

    [Fact]
    public async Task Sms_and_mms_image_parts_are_hashed_and_never_put_in_the_text()
    {
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_and_mms.xml"));

        var picture = events.At("mms[7] line 111");
        Assert.Equal("tel:+15550000011", picture.From);
        Assert.Equal(["tel:+15550000007"], picture.To);
        Assert.Equal("Body text 54", picture.Text);
        Assert.Equal(1721161764000, picture.Ms());
        Assert.Equal(new Attachment("image_8.png", "image/png", 70, PngSha256), Assert.Single(picture.Attachments));

        var second = events.At("mms[8] line 122");
        Assert.Equal("Body text 55", second.Text);
        Assert.Equal(new Attachment("image_10.png", "image/png", 70, PngSha256), Assert.Single(second.Attachments));
    }

    [Fact]
    public async Task Sms_and_mms_keeps_the_truncated_group_send_with_what_it_has()
    {
        var owner = "tel:+15550000007";
        var (events, _) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sms_and_mms.xml"), SbrTestFiles.WithOwner(owner));

        // line 133: msg_box 2, address "+15550000009~+15550000012~+15550000013", contact_name "Contact E"
        // (one name for three numbers, so no name is assigned); cut off before its text part and addrs.
        var cut = events.At("mms[9] line 133");
        Assert.Equal(Direction.Outgoing, cut.Direction);
        Assert.Equal(owner, cut.From);
        Assert.Equal(["tel:+15550000009", "tel:+15550000012", "tel:+15550000013"], cut.To);
        Assert.Equal(1721334048000, cut.Ms());
        Assert.Null(cut.Text);
        Assert.Empty(cut.Names);
    }

    [Fact]
    public async Task Sample_mms_lists_each_attachment_with_its_size_and_sha256()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("sample_mms.xml"));

        Assert.Equal(4, events.Count);
        Assert.Empty(context.Diagnostics);
        Assert.All(events, e => Assert.Equal(Direction.Incoming, e.Direction));
        Assert.All(events, e => Assert.Equal("tel:+15550000003", e.From));
        Assert.All(events, e => Assert.Equal("Contact C", e.Names["tel:+15550000003"]));

        // Sizes and hashes: python3 base64.b64decode + hashlib.sha256 over each data attribute.
        var image = events.At("mms[1] line 5");
        Assert.Equal("Here is an image attachment", image.Text);
        Assert.Equal(1721161764000, image.Ms());
        Assert.Equal(new Attachment("image.png", "image/png", 70, PngSha256), Assert.Single(image.Attachments));
        Assert.Equal(
            new Attachment("video.mp4", "video/mp4", 42, "ec42d5f9eb16842754f87d5631e2344e68cee031606433c9aeee7704aa1db9f8"),
            Assert.Single(events.At("mms[2] line 16").Attachments));
        Assert.Equal(
            new Attachment("audio.mp3", "audio/mp3", 56, "a054f160a359b7dcd19601e52d0e931d57c20b3b69025aa3f16daf84b56b7de1"),
            Assert.Single(events.At("mms[3] line 27").Attachments));
        var pdf = events.At("mms[4] line 38");
        Assert.Equal("Here is a PDF attachment", pdf.Text);
        Assert.Equal(
            new Attachment("document.pdf", "application/pdf", 139, "df8eb0d64a9eaef59470447e39a8cfbc12b0d140ad36a6ef9be2aaf898c66e79"),
            Assert.Single(pdf.Attachments));
        Assert.DoesNotContain(events, e => e.Text!.Contains("iVBOR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Corrupt_attachments_keep_the_message_and_mark_the_attachment_unhashed()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("corrupt_attachments.xml"));

        Assert.Equal(2, events.Count);
        var first = events.At("mms[1] line 5");
        Assert.Equal("MMS with corrupted base64 image data", first.Text);
        Assert.Equal("tel:+15550000004", first.From);
        Assert.Equal(1721161768000, first.Ms());
        Assert.Equal(new Attachment("corrupt_image.png", "image/png", 0, null), Assert.Single(first.Attachments));
        var second = events.At("mms[2] line 16");
        Assert.Equal("MMS with unsupported attachment type", second.Text);
        Assert.Equal(new Attachment("corrupt.file", "application/x-corrupt", 0, null), Assert.Single(second.Attachments));

        var recovered = context.Of(DiagnosticSeverity.Recovered).ToList();
        Assert.Equal(["mms[1] line 5", "mms[2] line 16"], recovered.Select(d => d.Locator));
        Assert.Contains("part 1 (corrupt_image.png, image/png)", recovered[0].Reason, StringComparison.Ordinal);
        Assert.Contains("base64", recovered[0].Reason, StringComparison.Ordinal);
        Assert.Equal(2, context.Recovered);
        Assert.Equal(0, context.Skipped);
    }

    [Fact]
    public async Task Empty_backup_yields_no_events_and_no_diagnostics()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("empty.xml"));

        Assert.Empty(events);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task Shruggietech_minimal_sms_reads_its_one_message()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_minimal_sms.xml"));

        var e = Assert.Single(events);
        Assert.Empty(context.Diagnostics);
        Assert.Equal("sms[1] line 3", e.Source.Locator);
        Assert.Equal(Direction.Incoming, e.Direction);
        Assert.Equal("tel:+15551234567", e.From);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), e.Time.Utc);
        Assert.Equal("Happy New Year! This is a test message.", e.Text);
        Assert.Equal("Alice Smith", e.Names["tel:+15551234567"]);
    }

    [Fact]
    public async Task Shruggietech_minimal_mms_uses_the_from_addr_skips_smil_and_hashes_the_image()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_minimal_mms.xml"));

        var e = Assert.Single(events);
        Assert.Empty(context.Diagnostics);
        Assert.Equal("mms[1] line 3", e.Source.Locator);
        Assert.Equal(Channels.Mms, e.Channel);
        Assert.Equal(Direction.Incoming, e.Direction);
        Assert.Equal("tel:+15559876543", e.From); // addr type 137
        Assert.Equal(["tel:+15551234567"], e.To); // addr type 151
        Assert.Equal("Alice Smith", e.Names["tel:+15551234567"]); // contact_name belongs to `address`
        Assert.Equal(1609545600000, e.Ms());
        Assert.Equal("Test MMS Subject", e.Subject);
        Assert.Equal("Hello from MMS!", e.Text);
        Assert.Equal(new Attachment("image.jpg", "image/jpeg", 70, PngSha256), Assert.Single(e.Attachments));
    }

    [Fact]
    public async Task Shruggietech_mixed_reads_sms_and_mms_in_file_order_and_notes_the_draft()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_mixed.xml"));

        Assert.Equal(["sms[1] line 3", "mms[1] line 4", "sms[2] line 13", "sms[3] line 14"], events.Select(e => e.Source.Locator));
        Assert.Equal([Direction.Incoming, Direction.Incoming, Direction.Outgoing, Direction.Outgoing], events.Select(e => e.Direction));
        Assert.Equal([1609459200000, 1609462800000, 1609466400000, 1609470000000], events.Select(e => e.Ms()));
        Assert.Equal("Hey, how are you?", events[0].Text);
        Assert.Equal("This is a text-only MMS from Alice.", events[1].Text);
        Assert.Equal("tel:+15559876543", events[1].From);
        Assert.Equal("I'm good, thanks!", events[2].Text);
        Assert.Equal(["tel:+15551234567"], events[2].To);
        Assert.Equal("Don't forget about...", events[3].Text);
        Assert.Equal(["tel:+15559990001"], events[3].To);
        Assert.Equal("Bob Jones", events[3].Names["tel:+15559990001"]);

        var draft = Assert.Single(context.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Note, draft.Severity);
        Assert.Equal("sms[3] line 14", draft.Locator);
        Assert.Contains("draft", draft.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shruggietech_edge_cases_decode_character_references_and_tolerate_empty_records()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_edge_cases.xml"));

        Assert.Equal(4, events.Count);
        Assert.Empty(context.Diagnostics);

        var minimal = events.At("sms[1] line 3");
        Assert.Equal("Minimal fields, no optionals.", minimal.Text);
        Assert.Equal("tel:+15551112222", minimal.From);
        Assert.Empty(minimal.Names);

        var unicode = events.At("sms[2] line 4");
        Assert.Equal(Direction.Outgoing, unicode.Direction);
        Assert.Equal("Hello \U0001F30D \u2014 this has \u00ABspecial\u00BB chars & symbols < > \" '", unicode.Text);
        Assert.Equal(1609462800000, unicode.Ms());
        Assert.Equal("Charlie Unicode", unicode.Names["tel:+15553334444"]);

        var empty = events.At("sms[3] line 5");
        Assert.Null(empty.Text); // body=""
        Assert.Equal("Dana Empty", empty.Names["tel:+15555556666"]);

        var noParts = events.At("mms[1] line 6");
        Assert.Equal(Direction.Incoming, noParts.Direction);
        Assert.Equal("tel:+15557778888", noParts.From);
        Assert.Null(noParts.Text);
        Assert.Empty(noParts.Attachments);
        Assert.Equal(1609470000000, noParts.Ms());
    }

    [Fact]
    public async Task Shruggietech_malformed_yields_nothing_and_says_where_the_xml_broke()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_malformed.xml"));

        Assert.Empty(events);
        var damage = Assert.Single(context.Of(DiagnosticSeverity.Skipped));
        Assert.StartsWith("line 4, position ", damage.Locator, StringComparison.Ordinal);
        Assert.Contains("XML not well-formed", damage.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_call_log_When_read_as_messages_Then_it_is_refused_with_a_diagnostic()
    {
        var (events, context) = await SbrTestFiles.ReadAsync(_reader, SbrTestFiles.Fixture("shruggietech_minimal_calls.xml"));

        Assert.Empty(events);
        Assert.Contains("<calls>", Assert.Single(context.Diagnostics).Reason, StringComparison.Ordinal);
    }
}
