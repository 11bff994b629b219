using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Ios;

/// <summary>
/// iOS CallHistory.storedata (Core Data store of CallHistory.framework; table ZCALLRECORD as read
/// by iLEAPP's callHistory artifact and mac_apt's CALLHISTORY plugin): <c>ZADDRESS</c> the other
/// party (text, or a blob on older iOS), <c>ZDATE</c> Core Data time (seconds since 2001-01-01,
/// a real), <c>ZDURATION</c> seconds, <c>ZORIGINATED</c> 1 = the owner dialled, <c>ZANSWERED</c>
/// 1 = connected, <c>ZSERVICE_PROVIDER</c> com.apple.Telephony / com.apple.FaceTime / a VoIP app's
/// bundle id (net.whatsapp.WhatsApp), <c>ZNAME</c> cached name. Locator: <c>ZCALLRECORD.Z_PK=N</c>.
/// </summary>
internal sealed class CallHistoryDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.IosCallHistory;

    public bool Recognises(SqliteSchema schema) => schema.HasTable("ZCALLRECORD");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ZCALLRECORD", "Z_PK", "ZADDRESS", "ZDATE", "ZORIGINATED"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT c.Z_PK AS Z_PK, c.ZADDRESS AS ZADDRESS, c.ZDATE AS ZDATE, c.ZORIGINATED AS ZORIGINATED,
                   {s.Optional("c", "ZCALLRECORD", "ZANSWERED")}, {s.Optional("c", "ZCALLRECORD", "ZDURATION")},
                   {s.Optional("c", "ZCALLRECORD", "ZSERVICE_PROVIDER")}, {s.Optional("c", "ZCALLRECORD", "ZNAME")}
            FROM ZCALLRECORD c ORDER BY c.Z_PK
            """;
        await foreach (var e in db.QueryAsync("ZCALLRECORD", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"ZCALLRECORD.Z_PK={DbValues.Raw(row, "Z_PK")}";
        if (DbTime.FromApple(DbValues.Double(row, "ZDATE"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"ZDATE {DbValues.Raw(row, "ZDATE")} is not a Core Data time: the call has no time");
            return null;
        }

        var outgoing = DbValues.Long(row, "ZORIGINATED") is { } o && o != 0;
        var answered = DbValues.Long(row, "ZANSWERED") is { } a && a != 0;
        var duration = DbValues.Double(row, "ZDURATION") is { } d && d >= 0 && d < int.MaxValue ? (int?)Math.Round(d) : null;
        var status = (outgoing, answered) switch
        {
            (_, true) => CallStatus.Answered,
            (false, false) => CallStatus.Missed,
            _ => CallStatus.None,
        };

        var party = context.Identify(DbValues.NonEmpty(row, "ZADDRESS"));
        if (party is null)
        {
            party = Shared.AndroidCallLog.UnknownNumber;
            context.RecoveredRecord(locator, $"ZADDRESS empty (withheld or unknown caller): the other party is recorded as {party}");
        }

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (DbValues.NonEmpty(row, "ZNAME") is { } name)
        {
            names[party] = name;
        }

        var provider = DbValues.NonEmpty(row, "ZSERVICE_PROVIDER");
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = provider is not null && provider.Contains("whatsapp", StringComparison.OrdinalIgnoreCase) ? Channels.WhatsApp : Channels.Call,
            Direction = outgoing ? Direction.Outgoing : Direction.Incoming,
            Time = time,
            From = outgoing ? OwnerParty.Single(context) : party,
            To = outgoing ? [party] : OwnerParty.AsList(context),
            Names = names,
            DurationSeconds = duration,
            CallStatus = status,
            Source = context.Locate(locator),
        };
    }
}
