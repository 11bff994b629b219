using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Ios;

/// <summary>
/// iOS sms.db / macOS chat.db (Messages): one <c>message</c> row per message, <c>date</c> in Apple
/// absolute time (seconds, or nanoseconds since iOS 11), <c>is_from_me</c>, <c>handle_id</c> the
/// other party (0 for the owner's own messages in group chats), <c>service</c> "iMessage" / "SMS" /
/// "RCS", text in <c>text</c> or — when that is NULL on recent iOS — in the typedstream
/// <c>attributedBody</c>. The chat comes from <c>chat_message_join</c>; attachments from
/// <c>message_attachment_join</c> + <c>attachment</c>, whose files live outside the database.
/// Schema as read by plaso's imessage parser and iLEAPP's sms artifact. Locator: <c>message.ROWID=N</c>.
/// </summary>
internal sealed class IosSmsDbReader : ISchemaReader
{
    public string Format => PhoneDbFormats.IosSms;

    public bool Recognises(SqliteSchema schema) =>
        schema.HasTable("handle") && schema.HasColumns("message", "is_from_me");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("message", "ROWID", "date", "is_from_me", "handle_id") || !db.Require("handle", "ROWID", "id"))
        {
            yield break;
        }

        var chats = IosChats.Load(db);
        var attachments = new AttachmentQuery(db);
        var s = db.Schema;
        var chatColumn = s.HasColumns("chat_message_join", "chat_id", "message_id")
            ? "(SELECT MIN(j.chat_id) FROM chat_message_join j WHERE j.message_id = m.ROWID) AS chat_id"
            : "NULL AS chat_id";
        var sql = $"""
            SELECT m.ROWID AS ROWID, m.date AS date, m.is_from_me AS is_from_me, m.handle_id AS handle_id,
                   {s.Optional("m", "message", "text")}, {s.Optional("m", "message", "attributedBody")}, {s.Optional("m", "message", "service")},
                   {s.Optional("m", "message", "subject")}, {chatColumn}
            FROM message m ORDER BY m.ROWID
            """;
        await foreach (var e in db.QueryAsync("message", sql, row => Map(row, db.Context, chats, attachments), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context, IosChats chats, AttachmentQuery attachments)
    {
        var rowId = DbValues.Long(row, "ROWID");
        var locator = $"message.ROWID={DbValues.Raw(row, "ROWID")}";
        if (DbTime.FromApple(DbValues.Double(row, "date"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"date {DbValues.Raw(row, "date")} is not an Apple absolute time: the message has no time");
            return null;
        }

        var fromMe = DbValues.Long(row, "is_from_me") is { } flag && flag != 0;
        var handle = chats.Handle(DbValues.Long(row, "handle_id"));
        var chat = chats.ChatOf(DbValues.Long(row, "chat_id"));
        var participants = chat is { Participants.Count: > 0 } ? chat.Participants : handle is null ? [] : [handle];
        string? from;
        List<string> to;
        if (fromMe)
        {
            from = OwnerParty.Single(context);
            to = [.. participants];
        }
        else
        {
            from = handle ?? (participants.Count == 1 ? participants[0] : null);
            to = [.. participants.Where(p => p != from), .. OwnerParty.AsList(context)];
        }

        if (from is null && to.Count == 0 || !fromMe && from is null)
        {
            context.RecoveredRecord(locator, "no handle for the other party (handle_id and chat participants empty): sender unknown");
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channel(DbValues.NonEmpty(row, "service"), locator, context),
            Direction = fromMe ? Direction.Outgoing : Direction.Incoming,
            Time = time,
            From = from,
            To = to,
            Text = Text(row, locator, context),
            Subject = DbValues.NonEmpty(row, "subject"),
            Attachments = rowId is null ? [] : attachments.For(rowId.Value, locator),
            ThreadId = chat?.Identifier,
            Source = context.Locate(locator),
        };
    }

    /// <summary><c>text</c> when present; otherwise the string inside <c>attributedBody</c> (recent iOS stores text only there).</summary>
    private static string? Text(SqliteDataReader row, string locator, ReadContext context)
    {
        if (DbValues.Text(row, "text") is { } text)
        {
            return text;
        }

        if (DbValues.Blob(row, "attributedBody") is not { Length: > 0 } blob)
        {
            return null;
        }

        if (TypedStreamText.TryExtract(blob, out var recovered))
        {
            return recovered;
        }

        var kind = TypedStreamText.IsTypedStream(blob) ? "a typedstream without a readable NSString" : "not a typedstream archive";
        context.RecoveredRecord(locator, $"text is NULL and attributedBody ({blob.Length} bytes) is {kind}: message kept without text");
        return null;
    }

    private static string Channel(string? service, string locator, ReadContext context)
    {
        switch (service?.ToUpperInvariant())
        {
            case "IMESSAGE":
                return Channels.IMessage;
            case "SMS" or "MMS" or "RCS":
                return Channels.Sms;
            default:
                context.Note(locator, service is null ? "service missing: channel taken as imessage" : $"service '{service}' is not iMessage/SMS/RCS: channel taken as imessage");
                return Channels.IMessage;
        }
    }

    /// <summary>Attachment rows of one message. The files are outside the database, so they are listed by name, type and recorded size, unhashed.</summary>
    private sealed class AttachmentQuery(DbSession db)
    {
        private readonly bool _available = db.Schema.HasColumns("message_attachment_join", "message_id", "attachment_id") && db.Schema.HasColumn("attachment", "ROWID");
        private readonly string _sql = $"""
            SELECT a.ROWID AS r, {db.Schema.Optional("a", "attachment", "filename")}, {db.Schema.Optional("a", "attachment", "transfer_name")},
                   {db.Schema.Optional("a", "attachment", "mime_type")}, {db.Schema.Optional("a", "attachment", "total_bytes")}
            FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id
            WHERE j.message_id = $id ORDER BY a.ROWID
            """;

        public IReadOnlyList<Attachment> For(long messageId, string locator)
        {
            if (!_available)
            {
                return [];
            }

            var rows = db.Lookup(locator, "attachment rows", _sql, c => c.Parameters.AddWithValue("$id", messageId), r => (
                Id: DbValues.Raw(r, "r"),
                Path: DbValues.NonEmpty(r, "filename"),
                Name: DbValues.NonEmpty(r, "transfer_name"),
                Type: DbValues.NonEmpty(r, "mime_type"),
                Size: DbValues.Long(r, "total_bytes")));
            var result = new List<Attachment>(rows.Count);
            foreach (var a in rows)
            {
                result.Add(new Attachment(a.Name ?? (a.Path is null ? null : Path.GetFileName(a.Path)), a.Type, a.Size ?? 0, null));
                db.Context.Note(locator, $"attachment.ROWID={a.Id} is a file outside the database ({a.Path ?? "no path recorded"}): listed with its recorded size, not hashed");
            }

            return result;
        }
    }
}
