using EvidencePipe.Reading;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Recognises any SQLite 3 database by the 16-byte header string "SQLite format 3\0" that opens
/// every database file (sqlite.org "Database File Format" §1.3.1). Which phone database it is can
/// only be told from its tables, so that is left to <see cref="SqliteEvidenceReader"/>.
/// </summary>
public sealed class SqliteSniffer : IFormatSniffer
{
    private static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    public string Format => PhoneDbFormats.Sqlite;

    public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith(Magic);
}
