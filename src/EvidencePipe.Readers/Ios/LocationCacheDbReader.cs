using System.Globalization;
using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Ios;

/// <summary>
/// iOS routined's location cache <c>Cache.sqlite</c> (<c>/private/var/mobile/Library/Caches/com.apple.routined/</c>; iLEAPP's
/// routined "Cache.sqlite" artifact): Core Data table <c>ZRTCLLOCATIONMO</c> with <c>ZTIMESTAMP</c> (seconds since
/// 2001-01-01 UTC), <c>ZLATITUDE</c>, <c>ZLONGITUDE</c> (degrees) and <c>ZHORIZONTALACCURACY</c> (metres). One
/// <see cref="EventKind.Location"/> event per row; locator <c>ZRTCLLOCATIONMO.Z_PK=N</c>.
/// </summary>
internal sealed class LocationCacheDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.IosRoutinedCache;

    public bool Recognises(SqliteSchema schema) => schema.HasTable("ZRTCLLOCATIONMO");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ZRTCLLOCATIONMO", "Z_PK", "ZTIMESTAMP", "ZLATITUDE", "ZLONGITUDE"))
        {
            yield break;
        }

        var sql = $"""
            SELECT l.Z_PK AS Z_PK, l.ZTIMESTAMP AS ZTIMESTAMP, l.ZLATITUDE AS ZLATITUDE, l.ZLONGITUDE AS ZLONGITUDE,
                   {db.Schema.Optional("l", "ZRTCLLOCATIONMO", "ZHORIZONTALACCURACY")}
            FROM ZRTCLLOCATIONMO l ORDER BY l.Z_PK
            """;
        await foreach (var e in db.QueryAsync("ZRTCLLOCATIONMO", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"ZRTCLLOCATIONMO.Z_PK={DbValues.Raw(row, "Z_PK")}";
        var lat = DbValues.Double(row, "ZLATITUDE");
        var lon = DbValues.Double(row, "ZLONGITUDE");
        if (lat is not { } la || lon is not { } lo || !LocationFix.IsValid(la, lo))
        {
            context.SkippedRecord(locator, string.Create(CultureInfo.InvariantCulture, $"ZLATITUDE {DbValues.Raw(row, "ZLATITUDE")}, ZLONGITUDE {DbValues.Raw(row, "ZLONGITUDE")} is not a coordinate"));
            return null;
        }

        EventTime time;
        if (DbTime.FromApple(DbValues.Double(row, "ZTIMESTAMP"), context) is { } t)
        {
            time = t;
        }
        else
        {
            context.RecoveredRecord(locator, $"ZTIMESTAMP {DbValues.Raw(row, "ZTIMESTAMP")} is not a Core Data time: the position is kept undated");
            time = EventTime.Undated;
        }

        return LocationFix.Event(context.EventId(locator), time, la, lo, DbValues.Double(row, "ZHORIZONTALACCURACY"), "iOS routined location cache", context.Locate(locator));
    }
}
