using System.Text;
using EvidencePipe.Readers.SmsBackup;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.SmsBackup;

public sealed class SmsBackupSnifferTests
{
    private readonly SmsBackupSniffer _messages = new();
    private readonly SmsBackupCallsSniffer _calls = new();

    [Theory]
    [InlineData("corrupt_attachments.xml")]
    [InlineData("empty.xml")]
    [InlineData("sample_mms.xml")]
    [InlineData("shruggietech_edge_cases.xml")]
    [InlineData("shruggietech_malformed.xml")]
    [InlineData("shruggietech_minimal_mms.xml")]
    [InlineData("shruggietech_minimal_sms.xml")]
    [InlineData("shruggietech_mixed.xml")]
    [InlineData("sms_and_mms.xml")]
    [InlineData("sms_small.xml")]
    [InlineData("hostile/billion_laughs.xml")]
    public void Message_backups_are_recognised_by_the_message_sniffer_only(string file)
    {
        var head = ReaderHarness.Head(SbrTestFiles.Fixture(file));

        Assert.True(_messages.Matches(head));
        Assert.False(_calls.Matches(head));
    }

    [Theory]
    [InlineData("shruggietech_minimal_calls.xml")]
    [InlineData("hostile/calls_all_types.xml")]
    [InlineData("hostile/external_entity.xml")]
    public void Call_backups_are_recognised_by_the_calls_sniffer_only(string file)
    {
        var head = ReaderHarness.Head(SbrTestFiles.Fixture(file));

        Assert.True(_calls.Matches(head));
        Assert.False(_messages.Matches(head));
    }

    [Theory]
    [InlineData("\uFEFF<?xml version='1.0'?>\n<smses count=\"1\">", true)]
    [InlineData("<!-- exported --><smses>", true)]
    [InlineData("  \r\n<smses/>", true)]
    [InlineData("<smsesx count=\"1\">", false)]
    [InlineData("<sms address=\"1\"/>", false)]
    [InlineData("<?xml version='1.0'?><root><smses/></root>", false)]
    [InlineData("smses", false)]
    [InlineData("<smses", false)]
    [InlineData("<?xml version='1.0'", false)]
    [InlineData("", false)]
    public void The_message_sniffer_looks_at_the_first_element_only(string text, bool expected)
    {
        Assert.Equal(expected, _messages.Matches(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Binary_heads_are_not_recognised()
    {
        var head = new byte[] { 0x3C, 0x73, 0x6D, 0x73, 0x65, 0x73, 0x3E, 0x00, 0x01 }; // "<smses>" then NUL

        Assert.False(_messages.Matches(head));
        Assert.False(_calls.Matches(head));
    }

    [Fact]
    public void Random_bytes_are_not_recognised()
    {
        var head = new byte[8192];
        new Random(20260101).NextBytes(head);

        Assert.False(_messages.Matches(head));
        Assert.False(_calls.Matches(head));
    }
}
