using System.Buffers;
using System.Text;

namespace EvidencePipe.Mime.Tests;

/// <summary>Content-Transfer-Encoding decoders; expected bytes worked out by hand from RFC 2045 §6 rules.</summary>
public sealed class TransferDecodingTests
{
    [Theory]
    [InlineData("SGVsbG8sIHdvcmxkIQ==", "Hello, world!")]
    [InlineData("SGVs\r\nbG8s\r\nIHdv\r\ncmxkIQ==\r\n", "Hello, world!")]
    [InlineData("SGVsbG8sIHdvcmxkIQ", "Hello, world!")] // padding missing
    [InlineData("SGVs*bG8s!IHdvcmxkIQ==", "Hello, world!")] // garbage skipped
    [InlineData("SGk=SGk=", "HiHi")] // two encodings concatenated
    public void Base64_tolerates_line_breaks_garbage_and_missing_padding(string input, string expected) =>
        Assert.Equal(expected, Decode(input, "base64"));

    [Fact]
    public void Base64_reports_characters_outside_its_alphabet()
    {
        var problems = new MimeProblems();
        var output = new ArrayBufferWriter<byte>();
        TransferDecoding.Decode("SGk*!="u8, "base64", output, problems, 0);
        Assert.Contains("2 character(s)", Assert.Single(problems.Items).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("caf=C3=A9", "café")]
    [InlineData("soft=\r\nbreak", "softbreak")]
    [InlineData("soft=\nbreak", "softbreak")]
    [InlineData("soft=  \r\nbreak", "softbreak")] // transport padding after '='
    [InlineData("trailing   \r\nspace", "trailing\r\nspace")]
    [InlineData("lower=c3=a9", "loweré")]
    [InlineData("stray = sign", "stray = sign")]
    [InlineData("end=", "end")]
    public void Quoted_printable_follows_rfc_2045_section_6_7(string input, string expected) =>
        Assert.Equal(expected, Decode(input, "quoted-printable"));

    [Fact]
    public void Uuencode_decodes_the_block_between_begin_and_end()
    {
        // "Cat" uuencoded: length char '#' (3 bytes), then "0V%T".
        Assert.Equal("Cat", Decode("begin 644 cat.txt\n#0V%T\n`\nend\n", "x-uuencode"));
    }

    [Theory]
    [InlineData("7bit")]
    [InlineData("8bit")]
    [InlineData("binary")]
    [InlineData(null)]
    public void Identity_encodings_pass_bytes_through(string? encoding) => Assert.Equal("as is =41", Decode("as is =41", encoding));

    private static string Decode(string input, string? encoding)
    {
        var output = new ArrayBufferWriter<byte>();
        TransferDecoding.Decode(Encoding.UTF8.GetBytes(input), encoding, output, new MimeProblems(), 0);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
