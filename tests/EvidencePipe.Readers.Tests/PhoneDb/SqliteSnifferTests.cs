using System.Text;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.PhoneDb;

public sealed class SqliteSnifferTests
{
    private readonly SqliteSniffer _sniffer = new();

    [Theory]
    [InlineData("android_db", "mmssms.db")]
    [InlineData("android_db", "contacts2.db")]
    [InlineData("ios_db", "imessage_chat.db")]
    [InlineData("ios_db", "synthetic/CallHistory.storedata")]
    [InlineData("whatsapp_db", "synthetic/msgstore_current.db")]
    public void Every_sqlite_fixture_is_recognised_by_its_header(string folder, string name)
    {
        Assert.True(_sniffer.Matches(ReaderHarness.Head(RepoPaths.Fixture(folder, name))));
        Assert.Equal(PhoneDbFormats.Sqlite, _sniffer.Format);
    }

    [Theory]
    [InlineData("SQLite format 3")] // the NUL that ends the magic string is missing
    [InlineData("SQLite format 2\0")]
    [InlineData("<?xml version='1.0'?><smses/>")]
    [InlineData("")]
    public void Other_content_is_not_sqlite(string head)
    {
        Assert.False(_sniffer.Matches(Encoding.ASCII.GetBytes(head)));
    }

    [Fact]
    public void The_catalog_gives_a_sqlite_file_to_the_sqlite_reader_and_no_other()
    {
        var head = ReaderHarness.Head(RepoPaths.Fixture("android_db", "mmssms.db"));
        Assert.Equal("sqlite", ReaderCatalog.CreateRegistry().Identify(head)?.Format);
        var others = new EvidencePipe.Reading.FormatRegistry();
        foreach (var (sniffer, reader) in new (EvidencePipe.Reading.IFormatSniffer, EvidencePipe.Reading.IEvidenceReader)[]
        {
            (new EvidencePipe.Readers.SmsBackup.SmsBackupSniffer(), new EvidencePipe.Readers.SmsBackup.SmsBackupReader()),
            (new EvidencePipe.Readers.SmsBackup.SmsBackupCallsSniffer(), new EvidencePipe.Readers.SmsBackup.SmsBackupCallsReader()),
            (new EvidencePipe.Readers.WhatsApp.WhatsAppTextSniffer(), new EvidencePipe.Readers.WhatsApp.WhatsAppTextReader()),
            (new EvidencePipe.Readers.VCard.VCardSniffer(), new EvidencePipe.Readers.VCard.VCardReader()),
        })
        {
            others.Add(sniffer, reader);
        }

        Assert.Null(others.Identify(head));
    }
}
