using System.Runtime.CompilerServices;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// WhatsApp Android msgstore.db (decrypted): messages from the current <c>message</c> table or, in
/// older databases, the legacy <c>messages</c> table, then calls from <c>call_log</c>. Databases
/// from the migration period carry both message tables with the same messages; the current one
/// is read and the other noted, so nothing is counted twice.
/// </summary>
internal sealed class MsgstoreDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.WhatsAppMsgstore;

    public bool Recognises(SqliteSchema schema) => MsgstoreMessages.Present(schema) || MsgstoreLegacyMessages.Present(schema);

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = WhatsAppGroups.Load(db);
        if (MsgstoreMessages.Present(db.Schema))
        {
            if (MsgstoreLegacyMessages.Present(db.Schema))
            {
                db.Context.Note("messages", $"{db.FileName}: both the current message table and the legacy messages table are present; message was read, messages (a migration-era duplicate) was not");
            }

            await foreach (var r in MsgstoreMessages.ReadAsync(db, groups, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }
        }
        else
        {
            await foreach (var r in MsgstoreLegacyMessages.ReadAsync(db, groups, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }
        }

        if (MsgstoreCalls.Present(db.Schema))
        {
            await foreach (var r in MsgstoreCalls.ReadAsync(db, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }
        }
    }
}
