using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Ios;

/// <summary>
/// iOS <c>applicationState.db</c> (FrontBoard, <c>/private/var/mobile/Library/FrontBoard/</c>; read by iLEAPP's
/// applicationstate artifact): <c>application_identifier_tab</c> (<c>id</c>, <c>application_identifier</c> the bundle id)
/// beside a key–value store <c>kvs</c>/<c>key_tab</c>. One <see cref="EventKind.App"/> event per bundle id. The database
/// records no install time (the <c>compatibilityInfo</c> values are property lists of paths), so the events are undated.
/// Locator <c>application_identifier_tab.id=N</c>.
/// </summary>
internal sealed class ApplicationStateDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.IosApplicationState;

    public bool Recognises(SqliteSchema schema) => schema.HasColumns("application_identifier_tab", "id", "application_identifier") && schema.HasTable("kvs");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string sql = "SELECT id, application_identifier FROM application_identifier_tab ORDER BY id";
        await foreach (var e in db.QueryAsync("application_identifier_tab", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"application_identifier_tab.id={DbValues.Raw(row, "id")}";
        if (DbValues.NonEmpty(row, "application_identifier") is not { } bundle)
        {
            context.SkippedRecord(locator, "no application_identifier");
            return null;
        }

        return InstalledApp.Event(context.EventId(locator), bundle, null, null, null, null, null, context.Locate(locator));
    }
}
