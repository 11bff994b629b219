using EvidencePipe.Reading;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>Reads one kind of phone database, recognised by the tables and columns it has.</summary>
internal interface ISchemaReader
{
    /// <summary>The refined format name (<c>android-mmssms-db</c>, …).</summary>
    string Format { get; }

    bool Recognises(SqliteSchema schema);

    IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, CancellationToken cancellationToken);
}
