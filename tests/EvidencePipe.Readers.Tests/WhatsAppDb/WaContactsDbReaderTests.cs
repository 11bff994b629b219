using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;

namespace EvidencePipe.Readers.Tests.WhatsAppDb;

/// <summary>WhatsApp wa.db <c>wa_contacts</c> (synthetic).</summary>
public sealed class WaContactsDbReaderTests
{
    [Fact]
    public async Task Wa_contacts_become_contact_cards_named_from_the_address_book_or_whatsapp()
    {
        var read = await PhoneDbTestFiles.ReadAsync(PhoneDbTestFiles.WhatsApp("synthetic/wa.db"));

        Assert.Equal(PhoneDbFormats.WhatsAppWa, read.Format);
        Assert.Empty(read.Events);
        Assert.Equal(3, read.Contacts.Count);
        Assert.Equal(("Jordan Blake", "tel:+447700900111"), (read.Contacts[0].Name, Assert.Single(read.Contacts[0].Identifiers)));
        Assert.Equal(("Sam C", "tel:+447700900222"), (read.Contacts[1].Name, Assert.Single(read.Contacts[1].Identifiers)));
        Assert.Equal(("Old friends", "handle:whatsapp:447700900999-1600000000@g.us"), (read.Contacts[2].Name, Assert.Single(read.Contacts[2].Identifiers)));
        Assert.Equal("wa_contacts._id=2", read.Contacts[1].Source.Locator);
        Assert.Empty(read.Context.Diagnostics);
    }
}
