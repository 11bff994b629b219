using System.Runtime.CompilerServices;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Android;

/// <summary>
/// Address-book entries in contacts2.db (ContactsProvider2, android.provider.ContactsContract):
/// one <c>raw_contacts</c> row per account contact, its <c>data</c> rows typed through
/// <c>mimetypes</c> — vnd.android.cursor.item/name (StructuredName, data1 = display name),
/// …/phone_v2 (Phone, data1 = number), …/email_v2 (Email, data1 = address). One
/// <see cref="ContactRecord"/> per raw contact; locator <c>raw_contacts._id=N</c>.
/// </summary>
internal static class AndroidRawContacts
{
    private const string NameType = "vnd.android.cursor.item/name";
    private const string PhoneType = "vnd.android.cursor.item/phone_v2";
    private const string EmailType = "vnd.android.cursor.item/email_v2";

    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Schema.HasTable("raw_contacts"))
        {
            db.Context.Note("raw_contacts", $"{db.FileName}: no raw_contacts table, so no address-book names were read (this copy holds only the call log)");
            yield break;
        }

        if (!db.Require("raw_contacts", "_id") || !db.Require("data", "raw_contact_id", "mimetype_id", "data1") || !db.Require("mimetypes", "_id", "mimetype"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT r._id AS rid, {s.Optional("r", "raw_contacts", "display_name")}, {s.Optional("r", "raw_contacts", "deleted")},
                   m.mimetype AS mimetype, d.data1 AS data1
            FROM raw_contacts r
            LEFT JOIN data d ON d.raw_contact_id = r._id
            LEFT JOIN mimetypes m ON m._id = d.mimetype_id
            ORDER BY r._id, d.rowid
            """;
        Builder? current = null;
        await foreach (var row in db.QueryAsync("raw_contacts", sql, r => new Row(
            DbValues.Raw(r, "rid"),
            DbValues.NonEmpty(r, "display_name"),
            DbValues.Long(r, "deleted") == 1,
            DbValues.NonEmpty(r, "mimetype"),
            DbValues.NonEmpty(r, "data1")), cancellationToken).ConfigureAwait(false))
        {
            if (current is not null && current.Id != row.Id)
            {
                if (current.Build(db.Context) is { } done)
                {
                    yield return done;
                }

                current = null;
            }

            current ??= new Builder(row.Id, row.DisplayName, row.Deleted);
            current.Add(row, db.Context);
        }

        if (current?.Build(db.Context) is { } last)
        {
            yield return last;
        }
    }

    private sealed record Row(string Id, string? DisplayName, bool Deleted, string? MimeType, string? Data1);

    private sealed class Builder(string id, string? displayName, bool deleted)
    {
        private readonly List<string> _identifiers = [];
        private string? _structuredName;

        public string Id => id;

        private string Locator => $"raw_contacts._id={id}";

        public void Add(Row row, ReadContext context)
        {
            if (row.Data1 is null)
            {
                return;
            }

            var identifier = row.MimeType switch
            {
                PhoneType => context.Identify(row.Data1),
                EmailType => Identifier.ForEmail(row.Data1),
                _ => null,
            };
            if (row.MimeType == NameType)
            {
                _structuredName ??= row.Data1;
            }
            else if (identifier is not null && !_identifiers.Contains(identifier))
            {
                _identifiers.Add(identifier);
            }
        }

        public ContactRecord? Build(ReadContext context)
        {
            var name = _structuredName ?? displayName;
            if (name is null && _identifiers.Count == 0)
            {
                context.Note(Locator, "raw contact has no name, number or e-mail address: nothing to record");
                return null;
            }

            if (deleted)
            {
                context.Note(Locator, "raw contact is marked deleted (raw_contacts.deleted = 1) but still present: kept");
            }

            return new ContactRecord(new ContactCard(name, _identifiers, context.Locate(Locator)));
        }
    }
}
