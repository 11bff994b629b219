using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// WhatsApp calls in msgstore.db <c>call_log</c>: <c>jid_row_id</c> the other party, <c>from_me</c>,
/// <c>timestamp</c> Unix ms, <c>video_call</c>, <c>duration</c> s, <c>call_result</c>. Published
/// readings of call_result agree on 2 = not answered (missed when incoming), 5 = answered/connected,
/// 6 = accepted on another device; 4 is read as "rejected" by some and "missed" by others, and 3
/// (unavailable) / 7 (busy) are failures — so only those agreed codes set an outcome; any
/// connected duration means answered. Locator: <c>call_log._id=N</c>.
/// </summary>
internal static class MsgstoreCalls
{
    public static bool Present(SqliteSchema schema) => schema.HasColumns("call_log", "jid_row_id", "from_me", "timestamp") && schema.HasTable("jid");

    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("call_log", "_id", "jid_row_id", "from_me", "timestamp") || !db.Require("jid", "_id", "raw_string"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT c._id AS _id, c.from_me AS from_me, c.timestamp AS timestamp, j.raw_string AS jid,
                   {s.Optional("c", "call_log", "video_call")}, {s.Optional("c", "call_log", "duration")}, {s.Optional("c", "call_log", "call_result")}
            FROM call_log c LEFT JOIN jid j ON j._id = c.jid_row_id ORDER BY c._id
            """;
        await foreach (var e in db.QueryAsync("call_log", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"call_log._id={DbValues.Raw(row, "_id")}";
        if (DbTime.FromUnixMilliseconds(DbValues.Long(row, "timestamp"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"timestamp {DbValues.Raw(row, "timestamp")} is not a Unix millisecond time: the call has no time");
            return null;
        }

        var party = WhatsAppJid.Identify(DbValues.NonEmpty(row, "jid"));
        if (party is null)
        {
            context.RecoveredRecord(locator, "jid_row_id names no jid row: the other party is unknown");
        }

        var outgoing = DbValues.Long(row, "from_me") is { } f && f != 0;
        var duration = DbValues.Int(row, "duration");
        var result = DbValues.Int(row, "call_result");
        var status = (outgoing, result) switch
        {
            _ when duration > 0 => CallStatus.Answered,
            (_, 5 or 6) => CallStatus.Answered,
            (false, 2) => CallStatus.Missed,
            _ => CallStatus.None,
        };
        IReadOnlyList<string> partyList = party is null ? [] : [party];
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = Channels.WhatsApp,
            Direction = outgoing ? Direction.Outgoing : Direction.Incoming,
            Time = time,
            From = outgoing ? OwnerParty.Single(context) : party,
            To = outgoing ? partyList : OwnerParty.AsList(context),
            DurationSeconds = duration,
            CallStatus = status,
            Subject = DbValues.Long(row, "video_call") is 1 ? "video call" : "voice call",
            Source = context.Locate(locator),
        };
    }
}
