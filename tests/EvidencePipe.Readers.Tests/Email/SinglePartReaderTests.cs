using System.Text;
using EvidencePipe.Readers.Email;
using MimeKit;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>
/// Which messages the streaming reader takes (the rest go to MimeParser; that both give the same events is shown by
/// <c>EmailEventBuilderTests</c>' comparisons with MimeKit's MimeMessage over every fixture and a generated mailbox).
/// </summary>
public sealed class SinglePartReaderTests
{
    private const string Head = "From: Jordan <jordan@example.net>\r\nTo: alex@example.org\r\nSubject: hi\r\n";

    [Theory]
    [InlineData(Head + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nhello\r\nthere\r\n", "hello\r\nthere\r\n", false, ContentEncoding.SevenBit, "utf-8")]
    [InlineData(Head + "\r\nno MIME fields at all\r\n", "no MIME fields at all\r\n", false, ContentEncoding.Default, null)]
    [InlineData(Head + "Content-Type: TEXT/HTML; charset=\"iso-8859-1\"\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\n<p>caf=E9</p>\r\n", "<p>caf=E9</p>\r\n", true, ContentEncoding.QuotedPrintable, "iso-8859-1")]
    [InlineData(Head + "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\nContent-Transfer-Encoding: base64\r\n\r\nx\r\n", "x\r\n", false, ContentEncoding.EightBit, null)]
    [InlineData(Head + "Content-Type: text\r\n\r\nRFC 2045 5.2: no slash reads as text/plain\r\n", "RFC 2045 5.2: no slash reads as text/plain\r\n", false, ContentEncoding.Default, null)]
    public void A_message_of_one_unnamed_text_part_is_read_with_its_content_bounds_encoding_and_charset(string message, string content, bool html, ContentEncoding encoding, string? charset)
    {
        var bytes = Encoding.Latin1.GetBytes(message);

        var part = Read(bytes, out var headers);

        Assert.NotNull(part);
        Assert.Equal(content, Encoding.Latin1.GetString(bytes[part.ContentBegin..part.ContentEnd]));
        Assert.Equal(html, part.Html);
        Assert.Equal(encoding, part.Encoding);
        Assert.Equal(charset, part.Charset);
        Assert.Equal("From", headers[0].Field);
        Assert.Equal("Jordan <jordan@example.net>", headers[0].Value);
    }

    [Theory]
    [InlineData("Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n")]
    [InlineData("Content-Type: message/rfc822\r\n\r\nFrom: a@example.org\r\n\r\nx\r\n")]
    [InlineData("Content-Type: text/plain\r\nContent-Disposition: inline\r\n\r\nx\r\n")]
    [InlineData("Content-Type: text/plain; name=notes.txt\r\n\r\nx\r\n")]
    [InlineData("Content-Type: text/plain; name=\"=?utf-7?Q?n+AOk-.txt?=\"\r\n\r\nx\r\n")]
    [InlineData("Content-Type: text/plain; charset=\"utf-7?\"\r\n\r\nx\r\n")]
    [InlineData("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\neA==\r\n")]
    [InlineData("Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n")]
    [InlineData("Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n")]
    [InlineData("Content-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n")]
    [InlineData("X-Note: a header block that ends\r\nwithout its empty line\r\n")]
    public void Any_other_message_is_declined(string rest)
    {
        Assert.Null(Read(Encoding.Latin1.GetBytes(Head + rest), out _));
    }

    [Fact]
    public void A_message_with_no_header_at_all_is_declined()
    {
        Assert.Null(Read([], out _));
    }

    [Fact]
    public void The_reader_is_reused_message_after_message_without_carrying_fields_over()
    {
        var reader = new SinglePartReader(ParserOptions.Default.Clone());
        var first = Encoding.ASCII.GetBytes("From: a@example.org\r\nContent-Type: text/html\r\nX-One: 1\r\n\r\n<b>x</b>\r\n");
        var second = Encoding.ASCII.GetBytes("From: b@example.org\r\n\r\ny\r\n");

        Assert.True(reader.TryRead(new MemoryStream(first), first, default)!.Html);
        var part = reader.TryRead(new MemoryStream(second), second, default);

        Assert.NotNull(part);
        Assert.False(part.Html);
        Assert.Equal(["From"], reader.Headers.Select(h => h.Field));
        Assert.Equal("y\r\n", Encoding.ASCII.GetString(second[part.ContentBegin..part.ContentEnd]));
    }

    [Fact]
    public void The_header_fields_and_content_it_reads_are_those_mimekits_parser_reads()
    {
        // MimeReader and MimeParser split header blocks with separate code; wherever the streaming reading is taken,
        // each field (name, raw value, decoded value) and the content bytes must be MimeParser's.
        string[] messages =
        [
            Head + "\r\nbody\r\n",
            "From: a@example.org\nSubject :  spaced before the colon\nTo:\tb@example.org\n\nLF only\n",
            "From: a@example.org\r\nSubject: folded\r\n over two\r\n\tlines\r\nX-Empty:\r\n\r\nx",
            "From: =?utf-8?q?J=C3=B6rg?= <j@example.org>\r\nSubject: caf\u00e9 in raw 8-bit\r\nSubject: a second subject\r\n\r\nbody without newline",
            "from: lower@example.org\r\nCONTENT-TYPE: text/plain; charset=windows-1252\r\ncontent-transfer-encoding: quoted-printable\r\n\r\nsoft=\r\nbreak =E9\r\n",
            "From: a@example.org\r\nX-Long: " + new string('x', 5000) + "\r\n\r\nafter a long field\r\n",
            "From: a@example.org\r\nX-Weird-\u00d1ame: v\r\n\r\nnon-ASCII field name\r\n",
            "From: a@example.org\r\n\r\n",
            "From: a@example.org\r\nThis line is not a field\r\nTo: b@example.org\r\n\r\nbody\r\n",
            "From: a@example.org\r\nSubject: the end of the message",
            "From a@example.org Mon Jan  1 00:00:00 2024\r\nFrom: a@example.org\r\n\r\nan mbox marker\r\n",
        ];
        var taken = 0;
        foreach (var message in messages)
        {
            var bytes = Encoding.UTF8.GetBytes(message);
            var part = Read(bytes, out var headers);
            if (part is null)
            {
                continue;
            }

            taken++;
            var entity = new MimeParser(ParserOptions.Default.Clone(), new MemoryStream(bytes), MimeFormat.Entity, persistent: true).ParseEntity();
            Assert.Equal(entity.Headers.Select(h => (h.Field, Convert.ToHexString(h.RawValue), h.Value)), headers.Select(h => (h.Field, Convert.ToHexString(h.RawValue), h.Value)));
            var content = new MemoryStream();
            ((MimePart)entity).Content?.Stream!.CopyTo(content);
            Assert.Equal(Convert.ToHexString(content.ToArray()), Convert.ToHexString(bytes[part.ContentBegin..part.ContentEnd]));
        }

        Assert.True(taken >= 7, $"only {taken} of {messages.Length} messages were read by the streaming reader");
        Assert.Null(Read(Encoding.UTF8.GetBytes(messages[8]), out _));
    }

    private static SingleTextPart? Read(byte[] bytes, out List<Header> headers)
    {
        var reader = new SinglePartReader(ParserOptions.Default.Clone());
        var part = reader.TryRead(new MemoryStream(bytes), bytes, default);
        headers = reader.Headers;
        return part;
    }
}
