using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Tests.PhoneDb;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;

namespace EvidencePipe.Readers.Tests.WhatsAppIos;

/// <summary>
/// WhatsApp for iOS ContactsV2.sqlite from the same real phone. Oracle, sqlite3 shell:
/// <c>SELECT Z_PK, ZWHATSAPPID, ZFULLNAME, ZGIVENNAME, ZPHONENUMBER FROM ZWAADDRESSBOOKCONTACT</c>
/// — 9 rows, 3 of them (1, 4, 8) with no WhatsApp ID and no number.
/// </summary>
public sealed class WaContactsV2DbReaderTests
{
    private static Task<PhoneDbTestFiles.Read> ReadAsync(string region = "US") =>
        PhoneDbTestFiles.ReadAsync(RepoPaths.Fixture("whatsapp_ios_db", "ContactsV2.sqlite"), PhoneDbTestFiles.Settings(region));

    [Fact]
    public async Task Six_contacts_name_their_whatsapp_numbers()
    {
        var read = await ReadAsync();

        Assert.Equal(PhoneDbFormats.WhatsAppIosContacts, read.Format);
        Assert.Empty(read.Events);
        Assert.Equal(
            [
                ("Thom De'Fer", "tel:+19198027080"),
                ("Josh Hickman", "tel:+19195790479"),
                ("This Is DFIR Two", "tel:+19198887386"),
                ("Liz", "tel:+19192084530"),
                ("Josh Hickman", "tel:+19193912507"),
                ("Apple Inc.", "handle:whatsapp:11800@s.whatsapp.net"),
            ],
            read.Contacts.Select(c => (c.Name!, Assert.Single(c.Identifiers))));
        Assert.Equal(3, read.Context.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Note && d.Reason.Contains("no WhatsApp ID", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_national_address_book_number_is_not_reread_in_the_case_region()
    {
        // ZPHONENUMBER "(919) 802-7080" read as a GB number would be a different person; the JID decides.
        var read = await ReadAsync("GB");

        Assert.Equal(["tel:+19198027080"], read.Contacts.Single(c => c.Name == "Thom De'Fer").Identifiers);
    }
}
