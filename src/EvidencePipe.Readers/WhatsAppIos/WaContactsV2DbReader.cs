using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.WhatsAppDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppIos;

/// <summary>
/// WhatsApp for iOS <c>ContactsV2.sqlite</c>: one contact card per <c>ZWAADDRESSBOOKCONTACT</c> row
/// that names somebody reachable. <c>ZWHATSAPPID</c> is the JID (its number is international);
/// <c>ZPHONENUMBER</c> is the number as the owner's address book spells it, usually national
/// ("(919) 802-7080"), so it is only added when it is international ("+…") or there is no JID —
/// read with the case region it could otherwise become a different country's number. Name:
/// <c>ZFULLNAME</c>, else <c>ZGIVENNAME</c>. Locator: <c>ZWAADDRESSBOOKCONTACT.Z_PK=N</c>.
/// </summary>
internal sealed class WaContactsV2DbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.WhatsAppIosContacts;

    public bool Recognises(SqliteSchema schema) => schema.HasTable("ZWAADDRESSBOOKCONTACT");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ZWAADDRESSBOOKCONTACT", "Z_PK", "ZWHATSAPPID"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT c.Z_PK AS Z_PK, c.ZWHATSAPPID AS ZWHATSAPPID, {s.Optional("c", "ZWAADDRESSBOOKCONTACT", "ZFULLNAME")},
                   {s.Optional("c", "ZWAADDRESSBOOKCONTACT", "ZGIVENNAME")}, {s.Optional("c", "ZWAADDRESSBOOKCONTACT", "ZPHONENUMBER")}
            FROM ZWAADDRESSBOOKCONTACT c ORDER BY c.Z_PK
            """;
        await foreach (var card in db.QueryAsync("ZWAADDRESSBOOKCONTACT", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new ContactRecord(card);
        }
    }

    private static ContactCard? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"ZWAADDRESSBOOKCONTACT.Z_PK={DbValues.Raw(row, "Z_PK")}";
        var identifiers = new List<string>();
        if (WhatsAppJid.Identify(DbValues.NonEmpty(row, "ZWHATSAPPID")) is { } jid)
        {
            identifiers.Add(jid);
        }

        var phone = DbValues.NonEmpty(row, "ZPHONENUMBER");
        if (phone is not null && (identifiers.Count == 0 || phone.StartsWith('+')) && context.Identify(phone) is { } number && !identifiers.Contains(number))
        {
            identifiers.Add(number);
        }

        var name = DbValues.NonEmpty(row, "ZFULLNAME") ?? DbValues.NonEmpty(row, "ZGIVENNAME");
        if (identifiers.Count == 0)
        {
            // An address-book entry of someone not on WhatsApp and without a number: nothing to link to.
            context.Note(locator, $"{(name is null ? "entry" : $"'{name}'")} has no WhatsApp ID and no usable number: no contact recorded");
            return null;
        }

        return new ContactCard(name, identifiers, context.Locate(locator));
    }
}
