using EvidencePipe.Readers.Email;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>
/// The four fields where EvidencePipe deliberately reads a real message differently from CPython;
/// expected values read off the raw files by eye (head/grep), not from our output.
/// </summary>
public sealed class EmailGoldenDeviationTests
{
    private readonly EmlReader _reader = new();

    [Fact]
    public async Task A_leading_byte_order_mark_does_not_hide_the_first_header_field()
    {
        var (events, _) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mimekit", "feedback-report.txt"));

        // Line 1 is "\uFEFFFrom: <abusedesk@example.com>"; CPython reads the whole file as body.
        var e = Assert.Single(events);
        Assert.Equal("email:abusedesk@example.com", e.From);
        Assert.Equal(["email:abuse@example.net"], e.To);
        Assert.Equal("FW: Earn money", e.Subject);
    }

    [Fact]
    public async Task An_unquoted_display_name_containing_an_at_sign_is_a_name_not_the_address()
    {
        var (events, _) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mimekit", "issue358.txt"));

        // Line 38: "From: jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>".
        var e = Assert.Single(events);
        Assert.Equal("email:jang.abcdef@xyzlinux12345678.it", e.From);
        Assert.Equal("jang.abcdef@xyzlinu", e.Names[e.From!]);
    }

    [Fact]
    public async Task Encoded_words_inside_a_quoted_file_name_are_left_as_written_as_cpython_leaves_them()
    {
        var (events, _) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mimetools", "multi-2evil.msg"));

        // filename="/evil/because:of\path\3d-=?ISO-8859-1?Q?=63?=om=?US-ASCII*EN?Q?pr?=ess.gif": the
        // backslashes are quoted-pair escapes. RFC 2047 §5 forbids encoded words in a quoted string, so MimeKit
        // (like CPython, whose golden value this is) keeps them; the hand-written parser decoded them to "compress".
        Assert.Contains(Assert.Single(events).Attachments, a => a.Name == "/evil/because:ofpath3d-=?ISO-8859-1?Q?=63?=om=?US-ASCII*EN?Q?pr?=ess.gif");
    }

    [Fact]
    public async Task An_empty_part_before_the_close_delimiter_leaves_the_epilogue_out_of_the_text()
    {
        var (events, context) = await EmailTestFiles.ReadAsync(_reader, EmailTestFiles.Fixture("mime4j-testmsgs", "multipartemptypart.msg"));

        // RFC 2046 §5.1.1: text after the close delimiter is epilogue, to be ignored.
        var e = Assert.Single(events);
        Assert.DoesNotContain("Epilogue", e.Text ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(e.Attachments);
        Assert.Empty(context.Of(Reading.DiagnosticSeverity.Skipped));
    }
}
