using System.Text;
using EvidencePipe.Readers.Email;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.Email;

/// <summary>The three email sniffers decide by content: each real fixture's first lines were read with head -3.</summary>
public sealed class EmailSnifferTests
{
    private readonly EmlSniffer _eml = new();
    private readonly MboxSniffer _mbox = new();
    private readonly EmlxSniffer _emlx = new();

    [Theory]
    [InlineData("mime4j", "mbox.rlug")]
    [InlineData("mimekit", "content-length.mbox.txt")]
    [InlineData("mimekit", "issue1189.mbox.txt")]
    [InlineData("mimekit", "simple.mbox.txt")]
    [InlineData("mimekit", "unmunged.mbox.txt")]
    // A single message saved with its From_ line: a one-message mailbox.
    [InlineData("mime4j", "mime4j-219-new-date-time-format.msg")]
    public void Mailboxes_are_recognised_as_mbox_and_not_as_single_messages(string folder, string file)
    {
        var head = ReaderHarness.Head(EmailTestFiles.Fixture(folder, file));
        Assert.True(_mbox.Matches(head));
        Assert.False(_emlx.Matches(head));
    }

    [Theory]
    [InlineData("mimetools", "german-qp.msg")]
    [InlineData("mimekit", "japanese.txt")]
    [InlineData("cpython", "msg_15.txt")]
    [InlineData("synthetic", "maildir", "new", "1709456400.M2P101.host")]
    public void Single_messages_are_recognised_as_eml(params string[] parts)
    {
        var head = ReaderHarness.Head(EmailTestFiles.Fixture(parts));
        Assert.True(_eml.Matches(head));
        Assert.False(_mbox.Matches(head));
        Assert.False(_emlx.Matches(head));
    }

    [Fact]
    public void An_emlx_file_is_recognised_by_its_byte_count_line()
    {
        var head = ReaderHarness.Head(EmailTestFiles.Fixture("synthetic", "apple-mail", "12345.emlx"));
        Assert.True(_emlx.Matches(head));
        Assert.False(_eml.Matches(head));
        Assert.False(_mbox.Matches(head));
    }

    [Theory]
    [InlineData("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jordan\r\nEND:VCARD\r\n")]
    [InlineData("<?xml version=\"1.0\"?>\n<smses count=\"0\"/>\n")]
    [InlineData("12/01/2020, 10:00 - Jordan: From: me\n")]
    [InlineData("From Russia with love\nYear: 1963\n")]
    [InlineData("Notes: not a message\nsecond line\n")]
    [InlineData("")]
    public void Other_text_is_not_taken_for_mail(string text)
    {
        var head = Encoding.UTF8.GetBytes(text);
        Assert.False(_eml.Matches(head));
        Assert.False(_mbox.Matches(head));
        Assert.False(_emlx.Matches(head));
    }
}
