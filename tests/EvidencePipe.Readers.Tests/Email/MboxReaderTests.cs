using System.Text;
using EvidencePipe.Hashing;
using EvidencePipe.Model;
using EvidencePipe.Readers.Email;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>
/// Real mailboxes, with counts and From_ line offsets taken with <c>grep -b '^From '</c> and field
/// values with grep on the raw files; synthetic mboxrd/mboxcl2 cases written in the tests.
/// </summary>
public sealed class MboxReaderTests : IDisposable
{
    private readonly MboxReader _reader = new();
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_rlug_mailing_list_mbox_yields_five_messages_at_their_from_line_offsets()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mime4j", "mbox.rlug"));

        Assert.Equal(["mbox byte 0", "mbox byte 3429", "mbox byte 5956", "mbox byte 7744", "mbox byte 9958"], events.Select(e => e.Source.Locator));
        Assert.All(events, e => Assert.Equal(EventKind.Email, e.Kind));
        Assert.All(events, e => Assert.Equal(Channels.Email, e.Channel));
        Assert.All(events, e => Assert.Equal(EventIds.For(e.Source.Sha256, e.Source.Locator), e.Id));
        Assert.Empty(context.Of(DiagnosticSeverity.Skipped));
    }

    [Fact]
    public async Task A_content_length_mailbox_yields_all_twenty_nine_messages()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mimekit", "content-length.mbox.txt"));

        Assert.Equal(29, events.Count);
        Assert.Empty(context.Of(DiagnosticSeverity.Skipped));
        var first = events[0];
        Assert.Equal("email:mailusr1@navstar1.mcom.com", first.From);
        Assert.Equal(["email:atzet@netscape.com"], first.To);
        Assert.Equal("Re: mailusr1@navstar1 3.0b6gold #1", first.Subject);
        // Sun, 21 Jul 1996 17:02:55 -0800
        Assert.Equal(new DateTimeOffset(1996, 7, 22, 1, 2, 55, TimeSpan.Zero), first.Time.Utc);

        var big = Assert.Single(events, e => e.Source.Locator == "mbox byte 22486");
        Assert.Equal("email:chrlsim@futureone.com", big.From);
        Assert.Equal("Chuck Simmons", big.Names[big.From!]);
        Assert.Equal("3.01 MIME prob message [Fwd: communicator 4.01  a conference problem]", big.Subject);
        Assert.Equal(new DateTimeOffset(1997, 8, 19, 4, 7, 7, TimeSpan.Zero), big.Time.Utc);
        Assert.Contains(big.Attachments, a => a.MediaType == "message/rfc822");
    }

    [Fact]
    public async Task Unmunged_from_lines_in_a_body_do_not_split_the_message()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mimekit", "unmunged.mbox.txt"));

        // The file starts with a UTF-8 BOM; "From Russia with love" (bytes 195 and 435) is body text.
        // Neither message has a Date, a dated From_ line ("From -") or a Received field: both are
        // undated events, reported as recovered at their own From_ lines and nowhere else.
        Assert.Equal(["mbox byte 3", "mbox byte 245"], events.Select(e => e.Source.Locator));
        Assert.All(events, e => Assert.Equal(TimeBasis.Undated, e.Time.Basis));
        Assert.All(events, e => Assert.Contains("From Russia with love", e.Text, StringComparison.Ordinal));
        var recovered = context.Of(DiagnosticSeverity.Recovered).ToList();
        Assert.Equal(["mbox byte 3", "mbox byte 245"], recovered.Select(d => d.Locator));
        Assert.All(recovered, d => Assert.Contains("undated", d.Reason, StringComparison.Ordinal));
        Assert.Equal(0, context.Skipped);
    }

    [Fact]
    public async Task Messages_without_a_date_take_the_from_line_date_or_are_reported()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mimekit", "issue1189.mbox.txt"));

        Assert.Equal(4, events.Count + context.Skipped);
        Assert.Equal(["Message 1", "Message 2", "Message 3", "Message 4"], events.Select(e => e.Subject));
    }

    [Fact]
    public async Task Mboxrd_quoted_from_lines_lose_one_quote_mark()
    {
        var path = Write("rd.mbox", "From a@example.com Mon Jan  1 10:00:00 2024\nFrom: a@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n>From here\n>>From there\n\nFrom b@example.com Mon Jan  1 11:00:00 2024\nFrom: b@example.com\nDate: Mon, 1 Jan 2024 11:00:00 +0000\n\nsecond\n");

        var (events, _) = await EmailTestFiles.ReadAsync(_reader, path);

        Assert.Equal(2, events.Count);
        Assert.Equal("From here\n>From there\n", events[0].Text);
        Assert.Equal("second\n", events[1].Text);
    }

    [Fact]
    public async Task A_true_content_length_keeps_an_unescaped_from_line_inside_the_body()
    {
        const string Body = "line one\nFrom the start\n";
        var path = Write("cl.mbox", $"From a@example.com\nFrom: a@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Length: {Body.Length}\n\n{Body}\nFrom b@example.com\nFrom: b@example.com\nDate: Mon, 1 Jan 2024 11:00:00 +0000\n\nsecond\n");

        var (events, context) = await EmailTestFiles.ReadAsync(_reader, path);

        Assert.Equal(2, events.Count);
        Assert.Equal(Body, events[0].Text);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public async Task A_false_content_length_is_reported_and_the_message_split_at_its_from_lines()
    {
        var path = Write("badcl.mbox", "From a@example.com\nFrom: a@example.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Length: 9999\n\nfirst\n\nFrom b@example.com\nFrom: b@example.com\nDate: Mon, 1 Jan 2024 11:00:00 +0000\n\nsecond\n");

        var (events, context) = await EmailTestFiles.ReadAsync(_reader, path);

        Assert.Equal(["email:a@example.com", "email:b@example.com"], events.Select(e => e.From));
        Assert.Equal("first\n", events[0].Text);
        Assert.Contains(context.Diagnostics, d => d.Locator == "mbox byte 0" && d.Reason.Contains("Content-Length", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Direction_follows_the_owner_addresses()
    {
        var path = Write("dir.mbox", "From x\nFrom: Owner <Me@Example.com>\nTo: them@example.net\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nout\n\nFrom y\nFrom: them@example.net\nTo: me@example.com\nDate: Mon, 1 Jan 2024 11:00:00 +0000\n\nin\n");

        var (events, _) = await EmailTestFiles.ReadAsync(_reader, path, EmailTestFiles.WithOwner("email:me@example.com"));

        Assert.Equal([Direction.Outgoing, Direction.Incoming], events.Select(e => e.Direction));
        Assert.Equal("Owner", events[0].Names["email:me@example.com"]);
    }

    [Fact]
    public async Task A_crlf_mailbox_with_8bit_from_lines_and_a_broken_message_in_the_middle_is_read_to_the_end()
    {
        // As real archives write it: CRLF, raw UTF-8 in a From_ line, an unescaped "From " line in a body,
        // and a message with no header at all between two good ones. Reading must not stop at the broken one.
        const string First = "From j\u00f6rg@example.net Sat Mar  2 23:15:00 2024\r\nFrom: j\u00f6rg@example.net\r\nDate: Sat, 2 Mar 2024 23:15:00 +0000\r\nSubject: one\r\n\r\nline\r\nFrom Russia with love\r\n\r\n";
        const string Broken = "From x@example.net Sun Mar  3 09:00:00 2024\r\n\r\n\r\n";
        const string Last = "From b@example.net Sun Mar  3 10:00:00 2024\r\nFrom: b@example.net\r\nDate: Sun, 3 Mar 2024 10:00:00 +0000\r\nSubject: three\r\n\r\nlast\r\n";
        var path = Write("crlf.mbox", First + Broken + Last);

        var (events, context) = await EmailTestFiles.ReadAsync(_reader, path);

        // Offsets by hand: each From_ line starts where the UTF-8 bytes of what precedes it end.
        var second = Encoding.UTF8.GetByteCount(First);
        var third = second + Encoding.UTF8.GetByteCount(Broken);
        Assert.Equal(["mbox byte 0", "mbox byte " + third], events.Select(e => e.Source.Locator));
        Assert.Equal("line\nFrom Russia with love\n", events[0].Text);
        Assert.Equal("email:j\u00f6rg@example.net", events[0].From);
        Assert.Equal("three", events[1].Subject);
        var skipped = Assert.Single(context.Of(DiagnosticSeverity.Skipped));
        Assert.Equal("mbox byte " + second, skipped.Locator);
    }

    private string Write(string name, string content)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }
}
