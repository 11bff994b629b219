using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.Synthesis;
using EvidencePipe.TestSupport;
using MimeKit;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>No message lost: charsets .NET refuses, and messages with no usable date.</summary>
public sealed class EmailEventBuilderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_utf7_body_is_decoded_and_the_message_is_reported_as_recovered()
    {
        // Expected text and its UTF-7 form from Python: 'Meet me at the café at 8 — don\'t be late'.encode('utf-7')
        // gives b"Meet me at the caf+AOk at 8 +IBQ don't be late".
        var path = Write("utf7.eml",
            "From: Jordan <jordan@example.net>\nTo: alex@example.org\nDate: Sat, 2 Mar 2024 23:15:00 +0000\n"
            + "Subject: lunch\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-7\n\n"
            + "Meet me at the caf+AOk at 8 +IBQ don't be late\n");

        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), path);

        var e = Assert.Single(events);
        Assert.Equal("Meet me at the café at 8 — don't be late\n", e.Text);
        Assert.Equal(1, context.Recovered);
        Assert.Equal(0, context.Skipped);
        Assert.Contains("UTF-7", Assert.Single(context.Of(DiagnosticSeverity.Recovered)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utf7_encoded_words_in_the_subject_and_a_display_name_are_decoded()
    {
        // Expected values from CPython 3.11: email.message_from_bytes(raw, policy=email.policy.default) gives
        // str(msg['Subject']) == "Meet me at the café— don't be late" (RFC 2047 §6.2: the space between two
        // encoded words is dropped) and msg['From'].addresses[0].display_name == 'Jordan 😀';
        // email.header.decode_header(subject) == [(b"Meet me at the caf+AOk-+IBQ- don't be late", 'utf-7')].
        var path = Write("utf7-header.eml",
            "From: =?UTF-7?B?Sm9yZGFuICsyRDNlQUEt?= <jordan@example.net>\nTo: alex@example.org\n"
            + "Date: Sat, 2 Mar 2024 23:15:00 +0000\n"
            + "Subject: =?utf-7?Q?Meet_me_at_the_caf+AOk-?= =?UTF-7?B?K0lCUS0gZG9uJ3QgYmUgbGF0ZQ==?=\n\nhi\n");

        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), path);

        var e = Assert.Single(events);
        Assert.Equal("Meet me at the café— don't be late", e.Subject);
        Assert.Equal("Jordan 😀", e.Names["email:jordan@example.net"]);
        Assert.Equal(0, context.Skipped);
        Assert.Contains("3 UTF-7 encoded word(s)", Assert.Single(context.Of(DiagnosticSeverity.Recovered)).Reason, StringComparison.Ordinal);
    }

    [Theory]
    // Expected names from CPython 3.11: email.message_from_string(raw, policy=email.policy.default), then
    // get_filename() of the second part: the quoted B word gives 'café ☎.txt' ("café ☎.txt".encode('utf-7')
    // == b'caf+AOk +Jg4.txt'), the quoted Q word and the RFC 2231 value give 'café.txt'.
    [InlineData("attachment; filename=\"=?utf-7?B?Y2FmK0FPayArSmc0LnR4dA==?=\"", "café ☎.txt")]
    [InlineData("attachment; filename=\"=?UTF-7?Q?caf+AOk-.txt?=\"", "café.txt")]
    [InlineData("attachment; filename*=utf-7''caf+AOk-.txt", "café.txt")]
    [InlineData("attachment", "né.bin")]
    public async Task Utf7_in_a_part_header_names_the_attachment_as_cpython_does(string disposition, string expected)
    {
        var path = Write("utf7-part.eml", WithAttachment(disposition));

        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), path);

        var e = Assert.Single(events);
        Assert.Equal(expected, Assert.Single(e.Attachments).Name);
        Assert.Equal(0, context.Skipped);
        Assert.Contains("UTF-7", Assert.Single(context.Of(DiagnosticSeverity.Recovered)).Reason, StringComparison.Ordinal);
    }

    [Theory]
    // Expected names pinned from CPython 3.11.7, the part as in the test above with this Content-Disposition:
    //   import email, email.policy
    //   for policy in (email.policy.compat32, email.policy.default):
    //       m = email.message_from_string(raw, policy=policy); print(list(m.walk())[2].get_filename())
    // compat32 (email.utils.decode_params: sections joined in order, then decoded with the first's charset) gives
    // 'café.txt', 'café ☎.txt' (three times) and '日本語.doc'; policy.default decodes each section alone and agrees on
    // the first and last, but raises UnicodeDecodeError ('unterminated shift sequence') where the shift spans sections.
    [InlineData("attachment; filename*0*=utf-7''caf+AOk-; filename*1*=.txt", "café.txt")]
    [InlineData("attachment; filename*0*=utf-7''caf+AOk%20+Jg; filename*1*=4.txt", "café ☎.txt")]
    [InlineData("attachment; filename*0*=UTF-7''caf+AOk%20+Jg; filename*1=\"4.txt\"", "café ☎.txt")]
    [InlineData("attachment; filename*1*=4.txt; filename*0*=utf-7''caf+AOk%20+Jg", "café ☎.txt")]
    [InlineData("attachment;\n filename*0*=utf-7'en'+ZeVnLIqe-;\n filename*1*=.doc", "日本語.doc")]
    public async Task A_continued_utf7_parameter_is_joined_then_decoded_as_cpython_does_and_reported_as_recovered(string disposition, string expected)
    {
        var path = Write("utf7-continued.eml", WithAttachment(disposition));

        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), path);

        var e = Assert.Single(events);
        Assert.Equal(expected, Assert.Single(e.Attachments).Name);
        Assert.Equal(0, context.Skipped);
        Assert.Equal(1, context.Recovered);
        Assert.Contains("UTF-7 value(s) in a part header", Assert.Single(context.Of(DiagnosticSeverity.Recovered)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_with_no_usable_date_anywhere_is_an_undated_event_with_its_parties_and_words()
    {
        var path = Write("undated.eml",
            "From: Jordan Blake <jordan@example.net>\nTo: Alex <alex@example.org>\nCc: sam@example.org\n"
            + "Date: Tue, 06 Jun 2017 27:39:33 +0600\nSubject: outside\n\nI am outside your house.\n");

        var (events, context) = await EmailTestFiles.ReadAsync(new EmlReader(), path, EmailTestFiles.WithOwner("email:alex@example.org"));

        var e = Assert.Single(events);
        Assert.Equal(TimeBasis.Undated, e.Time.Basis);
        Assert.Equal("undated", e.Time.BasisName);
        Assert.Equal(DateTimeOffset.UnixEpoch, e.Time.Utc);
        Assert.Equal("email:jordan@example.net", e.From);
        Assert.Equal(["email:alex@example.org", "email:sam@example.org"], e.To);
        Assert.Equal(Direction.Incoming, e.Direction);
        Assert.Equal("I am outside your house.\n", e.Text);
        Assert.Equal(0, context.Skipped);
        var recovered = Assert.Single(context.Of(DiagnosticSeverity.Recovered));
        Assert.Contains("undated", recovered.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_that_ends_without_an_empty_line_ends_at_the_first_line_that_is_not_a_field()
    {
        // CPython's feedparser rule (and mime4j's): "Hello there" starts the body.
        var path = Write("noblank.eml", "From: a@example.net\nDate: Sat, 2 Mar 2024 23:15:00 +0000\nSubject: x\nHello there\nsecond: line\n");

        var (events, _) = await EmailTestFiles.ReadAsync(new EmlReader(), path);

        Assert.Equal("Hello there\nsecond: line\n", Assert.Single(events).Text);
    }

    [Fact]
    public void A_plain_msg_id_is_read_as_mimekit_reads_it_in_every_id_field_of_every_email_fixture()
    {
        HeaderId[] fields = [HeaderId.MessageId, HeaderId.References, HeaderId.InReplyTo, HeaderId.ResentMessageId, HeaderId.ContentId];
        var values = EmailTestFiles.EveryFixtureHeaderList().SelectMany(h => h).Where(h => fields.Contains(h.Id)).Select(h => h.Value).ToList();

        // Hand-written cases: upper case, atext specials, and forms the plain reading must leave to MimeKit.
        values.AddRange([
            "<20240101000526.1.d2c12635@example.com>", " <A.B+c=d/e@EXAMPLE.COM> <x@y>", "<a{b}|~^`'#$%&*?@mail-1.example.org>",
            "<a@b>", "<\"quoted local\"@example.com>", "<a(comment)@example.com>", "<a@[192.0.2.1]>", "<a..b@example.com>",
            "<.a@example.com>", "<a@example.com.>", "<a@b@c>", "<café@example.com>", "<a@xn--caf-dma.example>", "(c) <a@b.c>",
            "no brackets@example.com", "<a@b", "<>", "<@b>", "<a@>", "<a b@c>",
        ]);

        var plain = 0;
        foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)))
        {
            plain += EmailEventBuilder.PlainMsgId(value) is null ? 0 : 1;
            Assert.Equal(EmailEventBuilder.FirstIdByMimeKit(value), EmailEventBuilder.FirstId(value));
        }

        Assert.True(plain >= values.Count / 2, $"only {plain} of {values.Count} ids took the plain reading");
        Assert.Null(EmailEventBuilder.PlainMsgId("<a(comment)@example.com>"));
        Assert.Equal("A.B+c=d/e@EXAMPLE.COM", EmailEventBuilder.PlainMsgId(" <A.B+c=d/e@EXAMPLE.COM> <x@y>"));
    }

    [Fact]
    public async Task Every_email_fixture_reads_the_same_through_the_top_entity_as_through_mimekits_message_object()
    {
        // The reference is MimeKit's own MimeMessage (From, else Sender; To, Cc, Bcc; Subject; body); the lean
        // reading must give the same records and diagnostics, byte for byte, for every fixture and for address
        // fields that send it back to MimeMessage (no From, a list MimeKit's public parser refuses) or not
        // (an empty Cc, a repeated To, a group).
        var path = Path.Combine(_dir.Path, "all.mbox");
        var singles = MboxReaderParallelTests.WriteAllFixtures(path);
        await File.AppendAllTextAsync(path,
            "From a@example.org Mon Jan  1 00:00:00 2024\nSender: Sam <sam@example.org>\nTo: alex@example.org\nSubject: no from\n\nhi\n\n"
            + "From a@example.org Mon Jan  1 00:00:00 2024\nFrom: jordan@example.net\nTo: alex@example.org, <<broken>>, sam@example.org\nCc:\nSubject: lists\n\nhi\n\n"
            + "From a@example.org Mon Jan  1 00:00:00 2024\nFrom: jordan@example.net\nTo: alex@example.org\nTo: Friends: sam@example.org, kim@example.org;\nBcc: \t\nSubject: two To fields\n\nhi\n\n");

        var reference = await MboxReaderParallelTests.Transcript(new MboxReader(parallel: false, 32, messageModel: true), path);
        var lean = await MboxReaderParallelTests.Transcript(MboxReader.Serial(), path);

        Assert.True(reference.Events.Count >= singles.Count / 2, $"{reference.Events.Count} events for {singles.Count} single messages");
        Assert.Equal(reference.Events, lean.Events);
        Assert.Equal(reference.Diagnostics, lean.Diagnostics);
    }

    [Fact]
    public async Task The_generated_mailbox_reads_the_same_through_the_top_entity_as_through_mimekits_message_object()
    {
        var dir = Path.Combine(_dir.Path, "synth");
        new CaseSynthesizer(7).Write(dir, 1000, SynthFormats.Mbox);
        var path = Path.Combine(dir, CaseSynthesizer.MailboxFile);

        var reference = await MboxReaderParallelTests.Transcript(new MboxReader(parallel: false, 32, messageModel: true), path);
        var lean = await MboxReaderParallelTests.Transcript(MboxReader.Serial(), path);

        Assert.Equal(1000, reference.Events.Count);
        Assert.Equal(reference.Events, lean.Events);
        Assert.Equal(reference.Diagnostics, lean.Diagnostics);
    }

    [Fact]
    public void The_lean_reading_takes_a_message_with_a_from_field_and_leaves_one_without_to_mimekits_message()
    {
        var options = ParserOptions.Default.Clone();
        using var withFrom = Lean("From: Jordan <jordan@example.net>\nTo: alex@example.org, Sam <sam@example.org>\nCc:\nSubject: =?utf-8?q?caf=C3=A9?=\n\nhi\n", options);
        using var senderOnly = Lean("Sender: sam@example.org\nTo: alex@example.org\n\nhi\n", options);

        Assert.NotNull(withFrom);
        Assert.Equal(["jordan@example.net"], withFrom.From.Mailboxes.Select(m => m.Address));
        Assert.Equal(["alex@example.org", "sam@example.org"], withFrom.Recipients[0].Mailboxes.Select(m => m.Address));
        Assert.Empty(withFrom.Recipients[1]);
        Assert.Equal("café", withFrom.Subject);
        Assert.Null(senderOnly);
    }

    private static ParsedMail? Lean(string message, ParserOptions options)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var entity = new MimeParser(options, new MemoryStream(bytes), MimeFormat.Entity).ParseEntity();
        return ParsedMail.TryLean(entity, options, new RawBodies(bytes, new Dictionary<MimeEntity, (long Start, long End)>()), []);
    }

    /// <summary>A message whose second part is named "n+AOk-.bin" (UTF-7 in an encoded word) by its Content-Type and has this Content-Disposition.</summary>
    private static string WithAttachment(string disposition) =>
        "From: jordan@example.net\nTo: alex@example.org\nDate: Sat, 2 Mar 2024 23:15:00 +0000\nSubject: x\n"
        + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nhi\n"
        + "--XX\nContent-Type: application/octet-stream; name=\"=?utf-7?Q?n+AOk-.bin?=\"\nContent-Disposition: " + disposition
        + "\n\ndata\n--XX--\n";

    private string Write(string name, string content)
    {
        var path = _dir.Combine(name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }
}
