using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// WhatsApp Android wa.db <c>wa_contacts</c> (as read by ALEAPP and whatsapp-viewer): <c>jid</c>,
/// <c>display_name</c> (the name in the owner's address book), <c>wa_name</c> (the name the user
/// chose in WhatsApp), <c>number</c>. One <see cref="ContactRecord"/> per row; locator
/// <c>wa_contacts._id=N</c>.
/// </summary>
internal sealed class WaContactsDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.WhatsAppWa;

    public bool Recognises(SqliteSchema schema) => schema.HasColumns("wa_contacts", "jid");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("wa_contacts", "_id", "jid"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT w._id AS _id, w.jid AS jid, {s.Optional("w", "wa_contacts", "display_name")}, {s.Optional("w", "wa_contacts", "wa_name")}, {s.Optional("w", "wa_contacts", "number")}
            FROM wa_contacts w ORDER BY w._id
            """;
        await foreach (var card in db.QueryAsync("wa_contacts", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new ContactRecord(card);
        }
    }

    private static ContactCard? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"wa_contacts._id={DbValues.Raw(row, "_id")}";
        var identifiers = new List<string>();
        if (WhatsAppJid.Identify(DbValues.NonEmpty(row, "jid")) is { } id)
        {
            identifiers.Add(id);
        }

        if (context.Identify(DbValues.NonEmpty(row, "number")) is { } number && !identifiers.Contains(number))
        {
            identifiers.Add(number);
        }

        var name = DbValues.NonEmpty(row, "display_name") ?? DbValues.NonEmpty(row, "wa_name");
        if (identifiers.Count == 0)
        {
            context.SkippedRecord(locator, $"jid {DbValues.Raw(row, "jid")} and number name nobody: contact not recorded");
            return null;
        }

        return new ContactCard(name, identifiers, context.Locate(locator));
    }
}
