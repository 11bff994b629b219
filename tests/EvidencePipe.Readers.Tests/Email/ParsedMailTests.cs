using System.Text;
using EvidencePipe.Readers.Email;
using EvidencePipe.TestSupport;
using MimeKit;

namespace EvidencePipe.Readers.Tests.Email;

public sealed class ParsedMailTests
{
    [Fact]
    public void Every_header_field_of_every_email_fixture_has_the_value_mimekit_gives_it()
    {
        var headers = EmailTestFiles.EveryFixtureHeaderList().SelectMany(h => h).ToList();

        // Hand-written raw values: folding, tabs and CRLF, control characters, '=' without '?', an encoded word, 8-bit
        // text, an encoded word's start alone, white space only, nothing.
        foreach (var raw in (string[])[
            " plain\r\n", " folded\r\n over\r\n\tthree lines \r\n", "\tx\ty\t\r\n", " a\u0001b\u001fc\u007f\r\n", " 2+2=4 ?= x\r\n",
            " =?utf-8?q?caf=C3=A9?=\r\n", " caf\u00e9\r\n", " =? not a word\r\n", " \r\n \r\n", "", "no leading space", " trailing \t \r\n"])
        {
            Assert.True(Header.TryParse(Encoding.Latin1.GetBytes("X-Test:" + raw), out var header), raw);
            headers.Add(header);
        }

        var direct = 0;
        foreach (var header in headers)
        {
            direct += Ascii.IsValid(header.RawValue) && header.RawValue.AsSpan().IndexOf("=?"u8) < 0 ? 1 : 0;
            Assert.Equal(header.Value, ParsedMail.ValueOf(header));
        }

        Assert.True(headers.Count > 1000 && direct > headers.Count / 2, $"{direct} of {headers.Count} fields read directly");
    }
}
