using System.Runtime.CompilerServices;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Android;

/// <summary>Android mmssms.db (TelephonyProvider): every SMS, then every MMS.</summary>
internal sealed class MmsSmsDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.AndroidMmsSms;

    public bool Recognises(SqliteSchema schema) =>
        schema.HasColumns("sms", "address", "body") || schema.HasColumns("pdu", "msg_box", "m_type");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (db.Schema.HasTable("sms"))
        {
            await foreach (var r in AndroidSmsTable.ReadAsync(db, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }
        }

        if (db.Schema.HasTable("pdu"))
        {
            await foreach (var r in AndroidMmsTable.ReadAsync(db, cancellationToken).ConfigureAwait(false))
            {
                yield return r;
            }
        }
    }
}
