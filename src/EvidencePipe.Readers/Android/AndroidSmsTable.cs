using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.Shared;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Android;

/// <summary>
/// The <c>sms</c> table of mmssms.db (AOSP TelephonyProvider MmsSmsDatabaseHelper; columns are
/// android.provider.Telephony.TextBasedSmsColumns): <c>address</c> the other party, <c>date</c>
/// Unix ms received/stored, <c>date_sent</c> Unix ms by the sender's clock (0 when unknown),
/// <c>type</c> the folder (1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued), <c>body</c>.
/// Locator: <c>sms._id=N</c>.
/// </summary>
internal static class AndroidSmsTable
{
    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("sms", "_id", "address", "date", "type", "body"))
        {
            yield break;
        }

        var s = db.Schema;
        var sql = $"""
            SELECT s._id AS _id, s.address AS address, s.date AS date, s.type AS type, s.body AS body,
                   {s.Optional("s", "sms", "date_sent")}, {s.Optional("s", "sms", "thread_id")}, {s.Optional("s", "sms", "subject")}
            FROM sms s ORDER BY s._id
            """;
        await foreach (var e in db.QueryAsync("sms", sql, row => Map(row, db.Context), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context)
    {
        var locator = $"sms._id={DbValues.Raw(row, "_id")}";
        var time = DbTime.FromUnixMilliseconds(DbValues.Long(row, "date"), context);
        if (time is null)
        {
            time = DbTime.FromUnixMilliseconds(DbValues.Long(row, "date_sent"), context);
            if (time is null)
            {
                context.SkippedRecord(locator, $"date {DbValues.Raw(row, "date")} is not a Unix millisecond time and date_sent {DbValues.Raw(row, "date_sent")} is no better: the message has no time");
                return null;
            }

            context.RecoveredRecord(locator, $"date {DbValues.Raw(row, "date")} is not a Unix millisecond time; time taken from date_sent (the sender's clock)");
        }

        var (direction, note) = SbrMessageBox.Describe(DbValues.Int(row, "type"));
        if (note is not null)
        {
            context.Note(locator, note);
        }

        var party = context.Identify(DbValues.NonEmpty(row, "address"));
        if (party is null)
        {
            context.RecoveredRecord(locator, "address missing: the other party is unknown");
        }

        IReadOnlyList<string> partyList = party is null ? [] : [party];
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.Sms,
            Direction = direction,
            Time = time.Value,
            From = direction switch
            {
                Direction.Incoming => party,
                Direction.Outgoing => OwnerParty.Single(context),
                _ => null,
            },
            To = direction == Direction.Incoming ? OwnerParty.AsList(context) : partyList,
            Text = DbValues.Text(row, "body"),
            Subject = DbValues.NonEmpty(row, "subject"),
            ThreadId = DbValues.NonEmpty(row, "thread_id"),
            Source = context.Locate(locator),
        };
    }
}
