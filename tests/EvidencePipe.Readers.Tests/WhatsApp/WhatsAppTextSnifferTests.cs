using System.Text;
using EvidencePipe.Readers.WhatsApp;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsApp;

public sealed class WhatsAppTextSnifferTests
{
    private readonly WhatsAppTextSniffer _sniffer = new();

    public static TheoryData<string> RealExports => new()
    {
        "WhatsApp Chat mit Die üblichen Verdächtigen.txt",
        "WhatsApp Chat mit Jane Doe.txt",
        "test_[mmddyy]_24hrs.txt",
        "test_ddmmyy_24hrs.txt",
        "test_mmddyy_24hrs.txt",
        "test_mmddyyyy_12hrs.txt",
        "test_yyyymmdd_24hrs.txt",
    };

    [Theory]
    [MemberData(nameof(RealExports))]
    public void Every_real_export_is_recognised_from_its_head(string file)
    {
        Assert.True(_sniffer.Matches(ReaderHarness.Head(WhatsAppTestFiles.Fixture(file))));
    }

    [Fact]
    public void The_format_name_is_whatsapp_text()
    {
        Assert.Equal("whatsapp-text", _sniffer.Format);
        Assert.Equal(_sniffer.Format, new WhatsAppTextReader().Format);
    }

    [Theory]
    [InlineData("sms_backup", "sms_small.xml")]
    [InlineData("sms_backup", "sms_and_mms.xml")]
    [InlineData("vcard", "John_Doe_IPHONE.vcf")]
    [InlineData("vcard", "rfc6350-example.vcf")]
    [InlineData("whatsapp", "target.json")]
    public void Other_real_formats_are_not_taken_for_a_chat(string folder, string file)
    {
        Assert.False(_sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture(folder, file))));
    }

    [Theory]
    [InlineData("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n  <sms address=\"+447700900123\" date=\"1514000000000\" body=\"hi\" />\n</smses>\n")]
    [InlineData("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL:+447700900123\r\nEND:VCARD\r\n")]
    [InlineData("From jordan@example.net Mon Jan  1 10:00:00 2024\nFrom: Jordan <jordan@example.net>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nhello\n")]
    [InlineData("The meeting on 12/01/2023 went well.\nWe agreed to meet again at 10:30.\nRegards\n")]
    [InlineData("date,time,from,text\n01/02/2023,10:30,Jane,hello\n")]
    [InlineData("")]
    [InlineData("\n\n\n")]
    public void Other_text_is_not_a_chat(string text)
    {
        Assert.False(_sniffer.Matches(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_header_with_an_impossible_date_is_not_enough()
    {
        Assert.False(_sniffer.Matches("45/45/19, 11:25 - John Doe: hi\n"u8));
        Assert.False(_sniffer.Matches("01/01/19, 29:25 - John Doe: hi\n"u8));
    }

    [Fact]
    public void Binary_content_is_rejected_even_if_it_contains_a_header()
    {
        Assert.False(_sniffer.Matches("01/01/19, 11:25 - John Doe: hi\n\0\0\x01\x02"u8));
    }

    [Fact]
    public void Random_bytes_are_rejected()
    {
        var bytes = new byte[8192];
        new Random(20260522).NextBytes(bytes);
        Assert.False(_sniffer.Matches(bytes));
    }

    [Theory]
    [InlineData("\uFEFF[1/2/23, 9:05:07\u202FPM] Jane Doe: hi\n")]
    [InlineData("\u200E[16.02.21, 22:10:05] Jane Doe: \u200Eimage omitted\n")]
    [InlineData("1/2/23, 9:05 PM - Jane Doe: hi\n")]
    [InlineData("16.02.21, 22:10 - Jane Doe: hi\n")]
    [InlineData("\n\n2019/01/30, 20:49 - Jahn Doe: hi\n")]
    [InlineData("01/30/2019, 08:49 p. m. - Jahn Doe: hi\n")]
    [InlineData("16.02.21, 10:10 nachm. - Jane Doe: hi\n")]
    public void Android_and_ios_headers_in_their_locale_forms_are_recognised(string text)
    {
        Assert.True(_sniffer.Matches(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_header_cut_off_at_the_end_of_the_head_does_not_break_sniffing()
    {
        var text = "01/01/19, 11:25 - John Doe: " + new string('x', 9000);
        var head = Encoding.UTF8.GetBytes(text).AsSpan(0, 8192);
        Assert.True(_sniffer.Matches(head));
    }
}
