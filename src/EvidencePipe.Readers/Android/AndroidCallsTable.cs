using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Android;

/// <summary>
/// The Android call log <c>calls</c> table — in calllog.db (Android 7+, CallLogProvider) and in
/// contacts2.db before that; columns are android.provider.CallLog.Calls: <c>number</c>,
/// <c>date</c> (Unix ms), <c>duration</c> (s), <c>type</c> (1 incoming, 2 outgoing, 3 missed,
/// 4 voicemail, 5 rejected, 6 blocked, 7 answered externally), <c>presentation</c> (1 allowed,
/// 2 restricted, 3 unknown, 4 payphone; absent in old contacts2.db), <c>name</c> (cached contact
/// name). The type and presentation mapping is the one SMS Backup &amp; Restore copies verbatim, so
/// it is shared with the calls XML reader (<see cref="AndroidCallLog"/>). Locator: <c>calls._id=N</c>.
/// </summary>
internal static class AndroidCallsTable
{
    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("calls", "_id", "number", "date", "type"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT c._id AS _id, c.number AS number, c.date AS date, c.type AS type,
                   {s.Optional("c", "calls", "duration")}, {s.Optional("c", "calls", "presentation")}, {s.Optional("c", "calls", "name")}
            FROM calls c ORDER BY c._id
            """;
        await foreach (var e in db.QueryAsync("calls", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"calls._id={DbValues.Raw(row, "_id")}";
        if (DbTime.FromUnixMilliseconds(DbValues.Long(row, "date"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"date {DbValues.Raw(row, "date")} is not a Unix millisecond time: the call has no time");
            return null;
        }

        var type = DbValues.Int(row, "type");
        var (direction, status, channel) = AndroidCallLog.Describe(type);
        if (direction == Direction.Unknown)
        {
            context.Note(locator, $"call type {DbValues.Raw(row, "type")} is not a known Android value: direction and outcome unknown");
        }

        var duration = DbValues.Int(row, "duration");
        if (direction == Direction.Outgoing && duration > 0)
        {
            // Android records no outcome for outgoing calls; a connected duration means it was answered.
            status = CallStatus.Answered;
        }

        var party = Party(row, locator, context);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (DbValues.NonEmpty(row, "name") is { } name)
        {
            names[party] = name;
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Call,
            Channel = channel,
            Direction = direction,
            Time = time,
            From = direction == Direction.Outgoing ? OwnerParty.Single(context) : direction == Direction.Incoming ? party : null,
            To = direction == Direction.Incoming ? OwnerParty.AsList(context) : [party],
            Names = names,
            DurationSeconds = duration,
            CallStatus = status,
            Source = context.Locate(locator),
        };
    }

    /// <summary>Withheld, unknown and payphone callers share one pseudo-identifier each (by presentation or the legacy placeholder numbers -2, -1, -3).</summary>
    private static string Party(SqliteDataReader row, string locator, ReadContext context)
    {
        var number = DbValues.NonEmpty(row, "number");
        var special = (DbValues.Int(row, "presentation"), number) switch
        {
            (2, _) or (_, "-2") => AndroidCallLog.Withheld,
            (3, _) or (_, "-1") => AndroidCallLog.UnknownNumber,
            (4, _) or (_, "-3") => AndroidCallLog.Payphone,
            _ => null,
        };
        if (special is not null)
        {
            return special;
        }

        if (context.Identify(number) is { } id)
        {
            return id;
        }

        context.RecoveredRecord(locator, $"number missing: the other party is recorded as {AndroidCallLog.UnknownNumber}");
        return AndroidCallLog.UnknownNumber;
    }
}
