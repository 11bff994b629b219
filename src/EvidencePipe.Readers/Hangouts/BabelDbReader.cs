using System.Net;
using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Hangouts;

/// <summary>
/// Google Hangouts for Android <c>babel.db</c> (<c>/data/com.google.android.talk/databases/babel*.db</c>;
/// schema and meanings as plaso's <c>hangouts_messages</c> / <c>android_hangouts</c> plugin reads them):
/// one message event per <c>messages</c> row. <c>timestamp</c> is Unix microseconds; <c>type</c> 1 =
/// sent, 2 = received (plaso's Hangouts formatter); the author is <c>author_gaia_id</c> /
/// <c>author_chat_id</c>, named by the <c>participants</c> row with that id; the recipients are the
/// other <c>conversation_participants</c> of the row's conversation. Participants also become
/// contact cards (gaia id, phone, names). Locator: <c>messages._id=N</c>.
/// </summary>
internal sealed class BabelDbReader : ISchemaReader
{
    /// <summary>9999-12-31T23:59:59.999999Z in Unix microseconds.</summary>
    private const long MaxUnixMicroseconds = 253_402_300_799_999_999;

    public string Format => PhoneDbFormats.HangoutsBabel;

    /// <summary><c>messages.author_chat_id</c> is Hangouts' own; a damaged or partial file without its participants is still read.</summary>
    public bool Recognises(SqliteSchema schema) => schema.HasColumns("messages", "author_chat_id", "conversation_id", "timestamp");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var participants = HangoutsParticipants.Load(db);
        foreach (var card in participants.Cards)
        {
            yield return new ContactRecord(card);
        }

        if (!db.Require("messages", "_id", "timestamp", "conversation_id", "author_chat_id"))
        {
            yield break;
        }

        var attachments = db.Schema.HasColumns("multipart_attachments", "message_id", "conversation_id", "url") && db.Schema.HasColumn("messages", "message_id");
        // recent_calls (the Hangouts dialer): the real sample's is empty and no public parser documents it.
        UnreadTable.NoteRows(db, "recent_calls", "Hangouts dialer calls whose time units and call_type codes no public parser documents");
        var s = db.Schema;
        var sql = $"""
            SELECT m._id AS _id, m.timestamp AS timestamp, m.conversation_id AS conversation_id, m.author_chat_id AS author_chat_id,
                   {s.Optional("m", "messages", "message_id")}, {s.Optional("m", "messages", "author_gaia_id")}, {s.Optional("m", "messages", "text")},
                   {s.Optional("m", "messages", "type")}, {s.Optional("m", "messages", "status")}, {s.Optional("m", "messages", "transport_type")},
                   {s.Optional("m", "messages", "sms_type")}, {s.Optional("m", "messages", "sms_raw_sender")}, {s.Optional("m", "messages", "sms_raw_recipients")},
                   {s.Optional("m", "messages", "mms_subject")}, {s.Optional("m", "messages", "local_url")}, {s.Optional("m", "messages", "remote_url")},
                   {s.Optional("m", "messages", "attachment_content_type")}, {s.Optional("m", "messages", "attachment_name")},
                   {s.Optional("m", "messages", "attachments")}, {s.Optional("m", "messages", "latitude")}, {s.Optional("m", "messages", "longitude")}
            FROM messages m ORDER BY m.timestamp, m._id
            """;
        await foreach (var e in db.QueryAsync("messages", sql, row => Map(row, db, participants, attachments), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, DbSession db, HangoutsParticipants participants, bool multipart)
    {
        var context = db.Context;
        var locator = $"messages._id={DbValues.Raw(row, "_id")}";
        var micros = DbValues.Long(row, "timestamp");
        if (micros is not (> 0 and <= MaxUnixMicroseconds))
        {
            context.SkippedRecord(locator, $"timestamp {DbValues.Raw(row, "timestamp")} is not a Unix time in microseconds: the message has no time");
            return null;
        }

        // Microseconds → the model's milliseconds, truncated: the instant lies inside that millisecond.
        var time = context.TimeZone.FromUnixMilliseconds(micros.Value / 1000);
        var conversation = DbValues.NonEmpty(row, "conversation_id");
        var authorKey = DbValues.NonEmpty(row, "author_gaia_id") ?? DbValues.NonEmpty(row, "author_chat_id");
        var author = participants.Find(authorKey);
        var direction = DbValues.Long(row, "type") switch
        {
            1 => Direction.Outgoing,
            2 => Direction.Incoming,
            _ => Direction.Unknown,
        };
        if (direction == Direction.Unknown)
        {
            context.Note(locator, $"type {DbValues.Raw(row, "type")} is neither 1 (sent) nor 2 (received): direction unknown");
        }

        var sms = IsSms(row);
        string? from = author?.Identifier ?? (authorKey is null ? null : HangoutsParticipants.Handle(authorKey));
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (author is { Identifier: { } id, Name: { } name })
        {
            names[id] = name;
        }

        var to = new List<string>();
        foreach (var member in participants.Members(conversation))
        {
            if (member.Identifier is { } m && m != from && !to.Contains(m))
            {
                to.Add(m);
                if (member.Name is { } n)
                {
                    names[m] = n;
                }
            }
        }

        if (sms)
        {
            // An SMS kept by Hangouts: the raw numbers are the parties when the participants say nothing.
            from ??= context.Identify(DbValues.NonEmpty(row, "sms_raw_sender"));
            if (to.Count == 0 && DbValues.NonEmpty(row, "sms_raw_recipients") is { } raw)
            {
                to.AddRange(raw.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Select(context.Identify).OfType<string>().Distinct());
            }
        }

        if (from is null)
        {
            context.RecoveredRecord(locator, $"author {DbValues.Raw(row, "author_chat_id")} is not recorded: the sender is unknown");
        }

        if (conversation is not null && to.Count == 0)
        {
            context.Note(locator, $"conversation {conversation} lists no other participant: no recipients");
        }

        var text = DbValues.Text(row, "text") is { Length: > 0 } t ? WebUtility.HtmlDecode(t) : null;
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = sms ? Channels.Sms : HangoutsParticipants.Channel,
            Direction = direction,
            Time = time,
            From = from,
            To = to,
            Names = names,
            Text = text,
            Subject = DbValues.NonEmpty(row, "mms_subject"),
            Attachments = HangoutsAttachments.Of(row, db, locator, multipart),
            Geo = Geo(row),
            ThreadId = conversation,
            MessageId = DbValues.NonEmpty(row, "message_id"),
            Source = context.Locate(locator),
        };
    }

    /// <summary>
    /// Hangouts also kept the phone's SMS (the "SMS in Hangouts" option): such rows fill the sms_*
    /// columns, which default to -1 / NULL (the schema's own defaults) on chat messages.
    /// </summary>
    private static bool IsSms(SqliteDataReader row) =>
        DbValues.Long(row, "sms_type") is { } t && t != -1 || DbValues.NonEmpty(row, "sms_raw_sender") is not null;

    private static GeoPoint? Geo(SqliteDataReader row) =>
        DbValues.Double(row, "latitude") is { } lat && DbValues.Double(row, "longitude") is { } lon
            && LocationFix.IsValid(lat, lon) && (lat != 0 || lon != 0)
            ? new GeoPoint(lat, lon)
            : null;
}
