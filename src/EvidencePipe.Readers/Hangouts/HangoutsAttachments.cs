using System.Buffers.Binary;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Hangouts;

/// <summary>
/// What a Hangouts message carries besides text: the single-attachment columns
/// (<c>attachment_content_type</c>, <c>local_url</c>, <c>remote_url</c>, <c>attachment_name</c>),
/// <c>multipart_attachments</c> rows (<c>url</c>, <c>content_type</c>, joined on
/// <c>message_id</c> + <c>conversation_id</c>, as babel.db's own <c>conversation_images_view</c>
/// does) and the <c>attachments</c> blob, a Java-serialised <c>java.util.ArrayList</c>. The files
/// themselves are not in the database: attachments are listed unhashed, with a note.
/// </summary>
internal static class HangoutsAttachments
{
    private static readonly byte[] ArrayListClass = "java.util.ArrayList"u8.ToArray();

    public static IReadOnlyList<Attachment> Of(SqliteDataReader row, DbSession db, string locator, bool multipart)
    {
        var result = new List<Attachment>();
        var url = DbValues.NonEmpty(row, "local_url") ?? DbValues.NonEmpty(row, "remote_url");
        var type = DbValues.NonEmpty(row, "attachment_content_type");
        if (url is not null || type is not null)
        {
            result.Add(new Attachment(DbValues.NonEmpty(row, "attachment_name") ?? NameOf(url), type, 0, null));
            db.Context.Note(locator, $"attachment {url ?? type} is outside the database: listed, not hashed");
        }

        if (multipart && DbValues.NonEmpty(row, "message_id") is { } messageId && DbValues.NonEmpty(row, "conversation_id") is { } conversation)
        {
            var parts = db.Lookup(locator, "multipart_attachments of this message",
                "SELECT url, " + (db.Schema.HasColumn("multipart_attachments", "content_type") ? "content_type" : "NULL AS content_type")
                + " FROM multipart_attachments WHERE message_id = $m AND conversation_id = $c ORDER BY _rowid_",
                c =>
                {
                    c.Parameters.AddWithValue("$m", messageId);
                    c.Parameters.AddWithValue("$c", conversation);
                },
                r => (Url: DbValues.NonEmpty(r, "url"), Type: DbValues.NonEmpty(r, "content_type")));
            foreach (var (partUrl, partType) in parts)
            {
                result.Add(new Attachment(NameOf(partUrl), partType, 0, null));
                db.Context.Note(locator, $"multipart attachment {partUrl ?? partType} is outside the database: listed, not hashed");
            }
        }

        if (DbValues.Blob(row, "attachments") is { Length: > 0 } blob)
        {
            switch (ArrayListSize(blob))
            {
                case 0:
                    break;
                case { } n:
                    db.Context.Note(locator, $"attachments blob lists {n} item(s) in a Java-serialised ArrayList; its elements are not decoded");
                    break;
                default:
                    db.Context.Note(locator, $"attachments is a {blob.Length}-byte blob that is not a Java-serialised ArrayList; not decoded");
                    break;
            }
        }

        return result;
    }

    /// <summary>
    /// The element count of a serialised <c>java.util.ArrayList</c> (Java Object Serialization
    /// Specification §6.4: stream magic 0xACED, version 5; the class descriptor ends with
    /// TC_ENDBLOCKDATA 0x78 and, having no serialisable superclass, TC_NULL 0x70; then comes the
    /// class's one serial field, <c>int size</c>, big-endian). Null when the blob is not that.
    /// </summary>
    internal static int? ArrayListSize(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4 || blob[0] != 0xAC || blob[1] != 0xED || blob[2] != 0x00 || blob[3] != 0x05)
        {
            return null;
        }

        var cls = blob.IndexOf(ArrayListClass);
        if (cls < 0)
        {
            return null;
        }

        var rest = blob[(cls + ArrayListClass.Length)..];
        var end = rest.IndexOf([(byte)0x78, (byte)0x70]);
        if (end < 0 || rest.Length < end + 2 + 4)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadInt32BigEndian(rest[(end + 2)..]);
        return size >= 0 ? size : null;
    }

    private static string? NameOf(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var trimmed = url.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 && slash < trimmed.Length - 1 ? trimmed[(slash + 1)..] : trimmed;
    }
}
