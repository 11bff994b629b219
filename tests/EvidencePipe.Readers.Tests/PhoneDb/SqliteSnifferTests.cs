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
    public void Other_sniffers_do_not_claim_a_sqlite_file()
    {
        var head = ReaderHarness.Head(RepoPaths.Fixture("android_db", "mmssms.db"));
        var registry = ReaderCatalog.CreateRegistry();

        Assert.Null(registry.Identify(head));
    }
}
