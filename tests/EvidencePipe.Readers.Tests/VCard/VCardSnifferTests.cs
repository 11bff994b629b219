using System.Text;
using EvidencePipe.Readers.VCard;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.VCard.VCardTestSupport;

namespace EvidencePipe.Readers.Tests.VCard;

public sealed class VCardSnifferTests
{
    private readonly VCardSniffer _sniffer = new();

    public static TheoryData<string> RealFixtures() =>
        [.. Directory.GetFiles(RepoPaths.Fixture("vcard"), "*.vcf").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(RealFixtures))]
    public void Every_real_vCard_fixture_is_recognised(string file)
    {
        Assert.True(_sniffer.Matches(ReaderHarness.Head(Fixture(file))));
    }

    [Theory]
    [InlineData("\uFEFFBEGIN:VCARD\r\nVERSION:3.0\r\n")]
    [InlineData("\r\n\r\n  \r\nbegin:vcard\nVERSION:4.0\n")]
    [InlineData("BEGIN:VCARD   \r\n")]
    public void A_BOM_leading_blank_lines_and_any_case_are_accepted(string head)
    {
        Assert.True(_sniffer.Matches(Encoding.UTF8.GetBytes(head)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")]
    [InlineData("VERSION:3.0\r\nBEGIN:VCARD\r\n")]
    [InlineData("<?xml version='1.0'?><smses count=\"1\"/>")]
    [InlineData("12/31/21, 23:59 - Jane: BEGIN:VCARD")]
    [InlineData("BEGIN:VCARDS\r\n")]
    public void Other_content_is_rejected(string head)
    {
        Assert.False(_sniffer.Matches(Encoding.UTF8.GetBytes(head)));
    }

    [Fact]
    public void Binary_content_is_rejected_even_if_it_starts_like_a_vCard()
    {
        Assert.False(_sniffer.Matches([.. "BEGIN:VCARD\r\n"u8, 0, 1, 2]));
    }

    [Fact]
    public void Other_formats_fixtures_are_rejected()
    {
        var others = Directory.GetFiles(RepoPaths.Fixtures, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}vcard{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.EndsWith(".md", StringComparison.Ordinal)
                && !p.EndsWith(".vcf", StringComparison.Ordinal));
        foreach (var path in others)
        {
            Assert.False(_sniffer.Matches(ReaderHarness.Head(path)), path);
        }
    }

    [Fact]
    public void The_sniffer_and_reader_agree_on_the_format_name()
    {
        Assert.Equal("vcard", _sniffer.Format);
        Assert.Equal(_sniffer.Format, new VCardReader().Format);
    }
}
