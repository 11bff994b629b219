using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppDb;

/// <summary>Builds one WhatsApp message event from the fields both msgstore.db schemas share.</summary>
internal static class WhatsAppMessage
{
    public sealed record Fields(string Locator, string? ChatJid, bool FromMe, string? SenderJid, long? Timestamp, string RawTimestamp, string? Text, bool System, Media? Media, GeoPoint? Geo);

    public sealed record Media(string? PathOrUrl, long? Size, string? MimeType, string? Name, string? Hash);

    public static CommunicationEvent? Build(Fields f, ReadContext context, WhatsAppGroups groups)
    {
        if (f.ChatJid is null or "-1")
        {
            context.Note(f.Locator, "row belongs to no chat (WhatsApp's placeholder row, chat -1): not a message");
            return null;
        }

        if (DbTime.FromUnixMilliseconds(f.Timestamp, context) is not { } time)
        {
            context.SkippedRecord(f.Locator, $"timestamp {f.RawTimestamp} is not a Unix millisecond time: the message has no time");
            return null;
        }

        var (from, to) = f.System ? (null, []) : WhatsAppParties.Resolve(f.ChatJid, f.FromMe, f.SenderJid, groups, context);
        if (!f.System && !f.FromMe && from is null)
        {
            context.RecoveredRecord(f.Locator, $"incoming group message without a sender JID in chat {f.ChatJid}: sender unknown");
        }

        IReadOnlyList<Attachment> attachments = [];
        if (f.Media is { } media)
        {
            var hash = MediaHash.ToHex(media.Hash);
            var name = media.Name ?? (media.PathOrUrl is null ? null : Path.GetFileName(media.PathOrUrl.Split('?')[0]));
            attachments = [new Attachment(name, media.MimeType, media.Size ?? 0, hash)];
            context.Note(f.Locator, hash is null
                ? $"media file outside the database ({media.PathOrUrl ?? "no path recorded"}): listed without a hash"
                : $"media file outside the database ({media.PathOrUrl ?? "no path recorded"}): SHA-256 is WhatsApp's recorded hash of it, not recomputed");
        }

        return new CommunicationEvent
        {
            Id = context.EventId(f.Locator),
            Kind = EventKind.Message,
            Channel = Channels.WhatsApp,
            Direction = f.FromMe ? Direction.Outgoing : Direction.Incoming,
            Time = time,
            From = from,
            To = to,
            Text = f.Text,
            Attachments = attachments,
            Geo = f.Geo,
            ThreadId = f.ChatJid,
            Source = context.Locate(f.Locator),
        };
    }

    public static Media? MediaOf(SqliteDataReader row, string path, string size, string mimeType, string name, string hash)
    {
        var media = new Media(DbValues.NonEmpty(row, path), DbValues.Long(row, size), DbValues.NonEmpty(row, mimeType), DbValues.NonEmpty(row, name), DbValues.NonEmpty(row, hash));
        return media.PathOrUrl is null && media.MimeType is null && media.Hash is null ? null : media;
    }

    /// <summary>A location share; 0,0 is what WhatsApp stores when there is none.</summary>
    public static GeoPoint? GeoOf(SqliteDataReader row) =>
        DbValues.Double(row, "latitude") is { } lat && DbValues.Double(row, "longitude") is { } lon && (lat != 0 || lon != 0) && Math.Abs(lat) <= 90 && Math.Abs(lon) <= 180
            ? new GeoPoint(lat, lon)
            : null;
}
