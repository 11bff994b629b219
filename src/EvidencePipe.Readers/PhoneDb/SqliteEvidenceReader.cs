using System.Runtime.CompilerServices;
using EvidencePipe.Readers.Android;
using EvidencePipe.Readers.GoogleVoice;
using EvidencePipe.Readers.Hangouts;
using EvidencePipe.Readers.Ios;
using EvidencePipe.Readers.IosBackup;
using EvidencePipe.Readers.Kik;
using EvidencePipe.Readers.Skype;
using EvidencePipe.Readers.Tango;
using EvidencePipe.Readers.Viber;
using EvidencePipe.Readers.WhatsAppDb;
using EvidencePipe.Readers.WhatsAppIos;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.PhoneDb;

/// <summary>
/// Reads any SQLite evidence file: opens it read-only and immutable (<see cref="EvidenceDatabase"/>),
/// looks at the tables and columns it has, hands it to the first schema reader that recognises
/// them and refines the source's format to that reader's. A database of no known schema is marked
/// unsupported with a note listing its tables (never complete with no records); a file SQLite cannot read (damaged, encrypted) a skipped diagnostic.
/// </summary>
public sealed class SqliteEvidenceReader : IEvidenceReader
{
    /// <summary>
    /// Most specific first: iOS sms.db and WhatsApp msgstore.db both have <c>message</c> and
    /// <c>chat</c> tables (told apart by <c>handle</c> vs <c>jid</c>); contacts2.db and calllog.db
    /// both have <c>calls</c> (contacts2.db also has the address-book tables), and so does Viber's
    /// viber_data (told apart by its phonebookcontact / vibernumbers tables, so it comes first).
    /// </summary>
    private static readonly ISchemaReader[] SchemaReaders =
    [
        new IosSmsDbReader(),
        new MsgstoreDbReader(),
        new WaContactsDbReader(),
        new MmsSmsDbReader(),
        new Contacts2DbReader(),
        new ViberDataDbReader(),
        new CallLogDbReader(),
        new CallHistoryDbReader(),
        new ChatStorageDbReader(),
        new WaCallHistoryDbReader(),
        new WaContactsV2DbReader(),
        new ThreadingStoreDbReader(),
        new ManifestDbReader(),
        new ApplicationStateDbReader(),
        new LocationCacheDbReader(),
        new SkypeMainDbReader(),
        new KikDbReader(),
        new BabelDbReader(),
        new TcDbReader(),
    ];

    public string Format => PhoneDbFormats.Sqlite;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LocalEvidenceFile? local = null;
        SqliteConnection? connection = null;
        SqliteSchema schema;
        try
        {
            local = source.OpenLocalFile();
            connection = EvidenceDatabase.Open(local.Path, cancellationToken);
            schema = SqliteSchema.Load(connection, cancellationToken);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            connection?.Dispose();
            local?.Dispose();
            context.SkippedRecord("file", $"{source.FileName}: not a readable SQLite database — damaged, encrypted or not SQLite ({ex.Message}); nothing was read");
            yield break;
        }

        using (local)
        using (connection)
        {
            foreach (var (table, reason) in schema.Unreadable)
            {
                context.Note("sqlite_master", $"{source.FileName}: the columns of table {table} could not be listed ({reason}); it is treated as empty");
            }

            var reader = Array.Find(SchemaReaders, r => r.Recognises(schema));
            if (reader is null)
            {
                var tables = schema.TableNames.ToList();
                context.Unsupported("sqlite_master", tables.Count == 0
                    ? $"{source.FileName}: SQLite database with no tables; no events"
                    : $"{source.FileName}: no known phone database schema (looked for sms/pdu, calls, message+handle, message+jid+chat, messages, wa_contacts, ZCALLRECORD, ZWAMESSAGE+ZWACHATSESSION, ZWACDCALLEVENT, ZWAADDRESSBOOKCONTACT, ThreadItem+ThreadParticipant, Files of an iOS backup manifest, application_identifier_tab+kvs, ZRTCLLOCATIONMO, Hangouts messages+participants, Tango messages+conversations, Viber calls+phonebookcontact, Skype Messages+Chats, ZKIKMESSAGE+ZKIKUSER); tables found: {string.Join(", ", tables)}; no events");
                yield break;
            }

            context.RefineFormat(reader.Format);
            var records = reader.ReadAsync(new DbSession(connection, schema, context), cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (records.ConfigureAwait(false))
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await records.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (SqliteException ex)
                    {
                        // A safety net: schema readers report damage per table themselves.
                        context.SkippedRecord("file", $"{source.FileName}: database damaged ({ex.Message}); the rest of the file was not read");
                        yield break;
                    }

                    if (!more)
                    {
                        yield break;
                    }

                    yield return records.Current;
                }
            }
        }
    }
}
