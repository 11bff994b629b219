using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Android;

/// <summary>Android calllog.db (CallLogProvider, Android 7+): the <c>calls</c> table.</summary>
internal sealed class CallLogDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.AndroidCallLog;

    public bool Recognises(SqliteSchema schema) => schema.HasColumns("calls", "number", "type");

    public IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, CancellationToken cancellationToken) =>
        AndroidCallsTable.ReadAsync(db, cancellationToken);
}
