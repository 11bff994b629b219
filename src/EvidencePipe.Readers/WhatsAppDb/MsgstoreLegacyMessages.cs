using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>
/// The legacy msgstore.db <c>messages</c> table (WhatsApp Android before 2022, as read by
/// whatsapp-viewer and ALEAPP): <c>key_remote_jid</c> the chat, <c>key_from_me</c>,
/// <c>remote_resource</c> the sender in groups, <c>timestamp</c> Unix ms, <c>data</c> the text,
/// <c>status</c> 6 for system (group) events, <c>media_*</c> columns, <c>latitude</c>/<c>longitude</c>.
/// Row 1 is WhatsApp's placeholder (<c>key_remote_jid</c> = '-1'). Locator: <c>messages._id=N</c>.
/// </summary>
internal static class MsgstoreLegacyMessages
{
    private const int SystemStatus = 6;

    public static bool Present(SqliteSchema schema) => schema.HasColumns("messages", "key_remote_jid");

    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, WhatsAppGroups groups, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("messages", "_id", "key_remote_jid", "key_from_me", "timestamp", "data"))
        {
            yield break;
        }

        var s = db.Schema;
        string Opt(string column) => s.Optional("m", "messages", column);
        var sql = $"""
            SELECT m._id AS _id, m.key_remote_jid AS key_remote_jid, m.key_from_me AS key_from_me, m.timestamp AS timestamp, m.data AS data,
                   {Opt("remote_resource")}, {Opt("status")}, {Opt("media_caption")}, {Opt("media_name")}, {Opt("media_mime_type")},
                   {Opt("media_size")}, {Opt("media_hash")}, {Opt("media_url")}, {Opt("latitude")}, {Opt("longitude")}
            FROM messages m ORDER BY m._id
            """;
        await foreach (var e in db.QueryAsync("messages", sql, row => Map(row, db.Context, groups), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context, WhatsAppGroups groups)
    {
        var locator = $"messages._id={DbValues.Raw(row, "_id")}";
        var fromMe = DbValues.Long(row, "key_from_me") is { } f && f != 0;
        return WhatsAppMessage.Build(new WhatsAppMessage.Fields(
            locator,
            DbValues.NonEmpty(row, "key_remote_jid"),
            fromMe,
            DbValues.NonEmpty(row, "remote_resource"),
            DbValues.Long(row, "timestamp"),
            DbValues.Raw(row, "timestamp"),
            DbValues.Text(row, "data") ?? DbValues.Text(row, "media_caption"),
            DbValues.Long(row, "status") == SystemStatus && !fromMe,
            WhatsAppMessage.MediaOf(row, "media_url", "media_size", "media_mime_type", "media_name", "media_hash"),
            WhatsAppMessage.GeoOf(row)), context, groups);
    }
}
