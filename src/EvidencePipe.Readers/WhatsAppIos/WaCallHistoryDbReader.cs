using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.WhatsAppDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppIos;

/// <summary>
/// WhatsApp for iOS <c>CallHistory.sqlite</c> (Core Data; not Apple's CallHistory.storedata): one
/// call event per <c>ZWACDCALLEVENT</c> row. <c>ZDATE</c> Core Data time, <c>ZDURATION</c> seconds
/// (a real), <c>ZOUTCOME</c> 0 ended / 1 missed / 4 rejected (the readings iLEAPP uses; WhatsApp
/// documents none), participants from <c>ZWACDCALLEVENTPARTICIPANT</c> (<c>Z1PARTICIPANTS</c> → the
/// call, <c>ZJIDSTRING</c>). Direction: the call's creator (<c>ZGROUPCALLCREATORUSERJIDSTRING</c>) is a
/// participant → incoming, otherwise the owner made it; without that column the aggregate row's
/// <c>ZINCOMING</c>. Video from the aggregate's <c>ZVIDEO</c> (Subject "video call"/"voice call", as for
/// msgstore.db). Locator: <c>ZWACDCALLEVENT.Z_PK=N</c>.
/// </summary>
internal sealed class WaCallHistoryDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.WhatsAppIosCallHistory;

    public bool Recognises(SqliteSchema schema) => schema.HasTable("ZWACDCALLEVENT");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ZWACDCALLEVENT", "Z_PK", "ZDATE"))
        {
            yield break;
        }

        var s = db.Schema;
        var participants = s.HasColumns("ZWACDCALLEVENTPARTICIPANT", "Z1PARTICIPANTS", "ZJIDSTRING");
        if (!participants)
        {
            db.Context.Note("ZWACDCALLEVENTPARTICIPANT", $"{db.FileName}: no ZWACDCALLEVENTPARTICIPANT table with Z1PARTICIPANTS and ZJIDSTRING: calls are read without their other party");
        }

        var aggregate = s.HasColumns("ZWAAGGREGATECALLEVENT", "Z_PK") && s.HasColumn("ZWACDCALLEVENT", "Z1CALLEVENTS");
        string A(string column) => aggregate ? s.Optional("a", "ZWAAGGREGATECALLEVENT", column) : $"NULL AS \"{column}\"";
        var sql = $"""
            SELECT c.Z_PK AS Z_PK, c.ZDATE AS ZDATE, {s.Optional("c", "ZWACDCALLEVENT", "ZDURATION")}, {s.Optional("c", "ZWACDCALLEVENT", "ZOUTCOME")},
                   {s.Optional("c", "ZWACDCALLEVENT", "ZGROUPCALLCREATORUSERJIDSTRING")}, {s.Optional("c", "ZWACDCALLEVENT", "ZGROUPJIDSTRING")},
                   {A("ZINCOMING")}, {A("ZVIDEO")}, {A("ZMISSED")}
            FROM ZWACDCALLEVENT c {(aggregate ? "LEFT JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK = c.Z1CALLEVENTS" : string.Empty)}
            ORDER BY c.Z_PK
            """;
        await foreach (var e in db.QueryAsync("ZWACDCALLEVENT", sql, row => Map(row, db, participants), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, DbSession db, bool participantsPresent)
    {
        var context = db.Context;
        var locator = $"ZWACDCALLEVENT.Z_PK={DbValues.Raw(row, "Z_PK")}";
        if (DbTime.FromApple(DbValues.Double(row, "ZDATE"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"ZDATE {DbValues.Raw(row, "ZDATE")} is not a Core Data time: the call has no time");
            return null;
        }

        List<string> participants = [];
        if (participantsPresent && DbValues.Long(row, "Z_PK") is { } pk)
        {
            participants = [.. db.Lookup(locator, "call participants", "SELECT ZJIDSTRING FROM ZWACDCALLEVENTPARTICIPANT WHERE Z1PARTICIPANTS = $call ORDER BY Z_PK",
                    c => c.Parameters.AddWithValue("$call", pk), r => WhatsAppJid.Identify(DbValues.NonEmpty(r, "ZJIDSTRING")))
                .OfType<string>().Distinct()];
        }

        if (participants.Count == 0)
        {
            context.RecoveredRecord(locator, "no participant recorded for the call: the other party is unknown");
        }

        var creator = WhatsAppJid.Identify(DbValues.NonEmpty(row, "ZGROUPCALLCREATORUSERJIDSTRING"));
        bool? incoming = creator is not null ? participants.Contains(creator)
            : DbValues.Long(row, "ZINCOMING") is { } i ? i != 0
            : null;
        if (incoming is null)
        {
            context.RecoveredRecord(locator, "neither a call creator nor ZINCOMING is recorded: direction unknown");
        }

        var duration = DbValues.Double(row, "ZDURATION") is { } d && d >= 0 && d < int.MaxValue ? (int?)Math.Round(d) : null;
        var outcome = DbValues.Int(row, "ZOUTCOME");
        var status = outcome switch
        {
            1 => CallStatus.Missed,
            4 => CallStatus.Rejected,
            0 when duration > 0 => CallStatus.Answered,
            _ when DbValues.Long(row, "ZMISSED") is 1 => CallStatus.Missed,
            _ => CallStatus.None,
        };
        if (outcome is not (null or 0 or 1 or 4))
        {
            context.Note(locator, $"ZOUTCOME {outcome} has no agreed reading: the call has no outcome");
        }

        var owner = OwnerParty.Single(context);
        string? from;
        List<string> to;
        if (incoming == true)
        {
            from = creator ?? (participants.Count == 1 ? participants[0] : null);
            to = [.. participants.Where(p => p != from)];
            if (owner is not null)
            {
                to.Add(owner);
            }
        }
        else if (incoming == false)
        {
            from = owner;
            to = participants;
        }
        else
        {
            from = null;
            to = participants;
        }

        var group = DbValues.NonEmpty(row, "ZGROUPJIDSTRING");
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = Channels.WhatsApp,
            Direction = incoming switch { true => Direction.Incoming, false => Direction.Outgoing, _ => Direction.Unknown },
            Time = time,
            From = from,
            To = to,
            DurationSeconds = duration,
            CallStatus = status,
            Subject = DbValues.Long(row, "ZVIDEO") is 1 ? "video call" : "voice call",
            ThreadId = group,
            Source = context.Locate(locator),
        };
    }
}
