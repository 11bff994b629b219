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

    private static SingleTextPart? Read(byte[] bytes, out List<Header> headers)
    {
        var reader = new SinglePartReader(ParserOptions.Default.Clone());
        var part = reader.TryRead(new MemoryStream(bytes), bytes, default);
        headers = reader.Headers;
        return part;
    }
}
