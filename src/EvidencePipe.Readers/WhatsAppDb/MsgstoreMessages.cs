using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// Messages of the current msgstore.db schema (WhatsApp Android since 2022, as read by ALEAPP's
/// WhatsApp artifact and the "New msgstore, who dis?" write-up): <c>message</c> (<c>chat_row_id</c>,
/// <c>from_me</c>, <c>sender_jid_row_id</c> in groups, <c>timestamp</c> Unix ms,
/// <c>message_type</c> 0 text / 1 image / 2 audio / 3 video / 7 system / 9 document …,
/// <c>text_data</c>), <c>chat</c> (<c>jid_row_id</c>), <c>jid</c> (<c>raw_string</c>), and
/// optionally <c>message_media</c> and <c>message_location</c>. Locator: <c>message._id=N</c>.
/// </summary>
internal static class MsgstoreMessages
{
    public const int SystemMessageType = 7;

    public static bool Present(SqliteSchema schema) => schema.HasColumns("message", "chat_row_id") && schema.HasTable("jid");

    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, WhatsAppGroups groups, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("message", "_id", "chat_row_id", "from_me", "timestamp") || !db.Require("chat", "_id", "jid_row_id") || !db.Require("jid", "_id", "raw_string"))
        {
            yield break;
        }

        var s = db.Schema;
        var media = s.HasColumn("message_media", "message_row_id");
        var location = s.HasColumn("message_location", "message_row_id");
        var sender = s.HasColumn("message", "sender_jid_row_id");
        var sql = $"""
            SELECT m._id AS _id, m.from_me AS from_me, m.timestamp AS timestamp, cj.raw_string AS chat_jid,
                   {(sender ? "sj.raw_string" : "NULL")} AS sender_jid,
                   {s.Optional("m", "message", "message_type")}, {s.Optional("m", "message", "text_data")},
                   {s.Optional("mm", "message_media", "file_path")}, {s.Optional("mm", "message_media", "file_size")}, {s.Optional("mm", "message_media", "mime_type")},
                   {s.Optional("mm", "message_media", "media_name")}, {s.Optional("mm", "message_media", "file_hash")},
                   {s.Optional("ml", "message_location", "latitude")}, {s.Optional("ml", "message_location", "longitude")}
            FROM message m
            LEFT JOIN chat c ON c._id = m.chat_row_id
            LEFT JOIN jid cj ON cj._id = c.jid_row_id
            {(sender ? "LEFT JOIN jid sj ON sj._id = m.sender_jid_row_id" : string.Empty)}
            {(media ? "LEFT JOIN message_media mm ON mm.message_row_id = m._id" : string.Empty)}
            {(location ? "LEFT JOIN message_location ml ON ml.message_row_id = m._id" : string.Empty)}
            ORDER BY m._id
            """;
        await foreach (var e in db.QueryAsync("message", sql, row => Map(row, db.Context, groups), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context, WhatsAppGroups groups)
    {
        var locator = $"message._id={DbValues.Raw(row, "_id")}";
        var chat = DbValues.NonEmpty(row, "chat_jid");
        var messageType = DbValues.Int(row, "message_type");
        var fromMe = DbValues.Long(row, "from_me") is { } f && f != 0;
        return WhatsAppMessage.Build(new WhatsAppMessage.Fields(
            locator,
            chat,
            fromMe,
            DbValues.NonEmpty(row, "sender_jid"),
            DbValues.Long(row, "timestamp"),
            DbValues.Raw(row, "timestamp"),
            DbValues.Text(row, "text_data"),
            messageType == SystemMessageType,
            WhatsAppMessage.MediaOf(row, "file_path", "file_size", "mime_type", "media_name", "file_hash"),
            WhatsAppMessage.GeoOf(row)), context, groups);
    }
}
