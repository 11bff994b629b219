using System.Runtime.CompilerServices;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Android;

/// <summary>
/// Android contacts2.db (ContactsProvider2): the address book (raw_contacts/data/mimetypes) and,
/// before Android 7 moved it to calllog.db, the <c>calls</c> table.
/// </summary>
internal sealed class Contacts2DbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.AndroidContacts2;

    public bool Recognises(SqliteSchema schema) =>
        schema.HasTable("raw_contacts") || (schema.HasTable("mimetypes") && schema.HasTable("data"));

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in AndroidRawContacts.ReadAsync(db, cancellationToken).ConfigureAwait(false))
        {
            yield return r;
        }

        if (db.Schema.HasTable("calls"))
        {
            await foreach (var r in AndroidCallsTable.ReadAsync(db, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }
        }
    }
}
