using System.Globalization;
using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Readers.WhatsAppDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.WhatsAppIos;

/// <summary>
/// WhatsApp for iOS <c>ChatStorage.sqlite</c> (a Core Data store): one event per <c>ZWAMESSAGE</c>
/// row. <c>ZISFROMME</c> gives the direction; <c>ZMESSAGEDATE</c> is Core Data time (seconds since
/// 2001-01-01 UTC); the chat is <c>ZCHATSESSION</c> → <c>ZWACHATSESSION.ZCONTACTJID</c>; in a group
/// the sender is <c>ZGROUPMEMBER</c> → <c>ZWAGROUPMEMBER.ZMEMBERJID</c>; media and locations are the
/// <c>ZMEDIAITEM</c> → <c>ZWAMEDIAITEM</c> row. System rows are kept without a sender, messages deleted
/// for everyone are kept and marked. Locator: <c>ZWAMESSAGE.Z_PK=N</c>.
/// </summary>
internal sealed class ChatStorageDbReader : ISchemaReader
{
    private const int MaxGapsListed = 50;

    public string Format => PhoneDbFormats.WhatsAppIosChatStorage;

    public bool Recognises(SqliteSchema schema) => schema.HasTable("ZWAMESSAGE") && schema.HasTable("ZWACHATSESSION");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ZWAMESSAGE", "Z_PK", "ZISFROMME", "ZMESSAGEDATE", "ZCHATSESSION") || !db.Require("ZWACHATSESSION", "Z_PK", "ZCONTACTJID"))
        {
            yield break;
        }

        var sessions = ChatSessions.Load(db);
        var s = db.Schema;
        var media = s.HasColumns("ZWAMEDIAITEM", "Z_PK") && s.HasColumn("ZWAMESSAGE", "ZMEDIAITEM");
        string M(string column) => s.Optional("m", "ZWAMESSAGE", column);
        string I(string column) => media ? s.Optional("i", "ZWAMEDIAITEM", column).Replace(" AS \"", " AS \"I_", StringComparison.Ordinal) : $"NULL AS \"I_{column}\"";
        var sql = $"""
            SELECT m.Z_PK AS Z_PK, m.ZISFROMME AS ZISFROMME, m.ZMESSAGEDATE AS ZMESSAGEDATE, m.ZCHATSESSION AS ZCHATSESSION,
                   {M("ZMESSAGETYPE")}, {M("ZGROUPEVENTTYPE")}, {M("ZGROUPMEMBER")}, {M("ZFROMJID")}, {M("ZTOJID")}, {M("ZTEXT")}, {M("ZSTANZAID")},
                   {I("ZMEDIALOCALPATH")}, {I("ZFILESIZE")}, {I("ZLATITUDE")}, {I("ZLONGITUDE")}, {I("ZTITLE")}, {I("ZMEDIAURL")}
            FROM ZWAMESSAGE m {(media ? "LEFT JOIN ZWAMEDIAITEM i ON i.Z_PK = m.ZMEDIAITEM" : string.Empty)}
            ORDER BY m.Z_PK
            """;
        var gaps = new List<long>();
        var missing = 0L;
        long? previous = null;
        await foreach (var row in db.QueryAsync("ZWAMESSAGE", sql, row => Map(row, db.Context, sessions), cancellationToken).ConfigureAwait(false))
        {
            // Core Data numbers rows 1, 2, 3… and never reuses a key; a missing key is a row removed
            // (a message deleted on the phone, "delete for me") whose bytes may survive in free pages.
            if (previous is { } p && row.Pk > p + 1)
            {
                missing += row.Pk - p - 1;
                for (var k = p + 1; k < row.Pk && gaps.Count < MaxGapsListed; k++)
                {
                    gaps.Add(k);
                }
            }

            previous = row.Pk;
            if (row.Event is { } e)
            {
                yield return new EventRecord(e);
            }
        }

        if (missing > 0)
        {
            db.Context.Note("ZWAMESSAGE", $"{db.FileName}: {missing} ZWAMESSAGE key(s) missing between the first and last row ({string.Join(", ", gaps.Select(g => g.ToString(CultureInfo.InvariantCulture)))}{(missing > gaps.Count ? ", …" : string.Empty)}): rows deleted on the phone; deleted rows are not carved");
        }
    }

    private sealed record Row(long Pk, CommunicationEvent? Event);

    private static Row? Map(SqliteDataReader row, ReadContext context, ChatSessions sessions)
    {
        var pk = DbValues.Long(row, "Z_PK") ?? 0;
        var locator = $"ZWAMESSAGE.Z_PK={DbValues.Raw(row, "Z_PK")}";
        if (DbTime.FromApple(DbValues.Double(row, "ZMESSAGEDATE"), context) is not { } time)
        {
            context.SkippedRecord(locator, $"ZMESSAGEDATE {DbValues.Raw(row, "ZMESSAGEDATE")} is not a Core Data time: the message has no time");
            return new Row(pk, null);
        }

        var sessionKey = DbValues.Long(row, "ZCHATSESSION");
        var session = sessions.Find(sessionKey);
        if (session?.Jid is null)
        {
            context.RecoveredRecord(locator, $"ZCHATSESSION {DbValues.Raw(row, "ZCHATSESSION")} names no chat with a JID: the chat partner is unknown");
        }

        var type = DbValues.Int(row, "ZMESSAGETYPE");
        var fromMe = DbValues.Long(row, "ZISFROMME") is { } f && f != 0;
        var system = ChatStorageMessageType.IsSystem(type);
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var (from, to) = system ? (null, []) : Parties(row, context, sessions, session, sessionKey, fromMe, names, locator);
        var text = DbValues.Text(row, "ZTEXT") is { Length: > 0 } t ? t : null;
        if (system)
        {
            context.Note(locator, $"system row ({ChatStorageMessageType.Describe(type)}{(DbValues.Int(row, "ZGROUPEVENTTYPE") is { } g ? $", ZGROUPEVENTTYPE {g}" : string.Empty)}): kept without a sender");
        }
        else if (type == ChatStorageMessageType.Revoked)
        {
            context.Note(locator, "message deleted for everyone by its sender (ZMESSAGETYPE 14): kept; its content is no longer on the phone");
        }
        else if (type is not null and not (>= 0 and <= 8) and not ChatStorageMessageType.Gif and not ChatStorageMessageType.Sticker)
        {
            context.Note(locator, $"ZMESSAGETYPE {type} is not a documented type: read as a message with its text and media");
        }

        return new Row(pk, new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channels.WhatsApp,
            Direction = fromMe ? Direction.Outgoing : Direction.Incoming,
            Time = time,
            From = from,
            To = to,
            Names = names,
            Text = text,
            Attachments = Attachments(row, type, context, locator),
            Geo = type == ChatStorageMessageType.Location ? GeoOf(row) : null,
            ThreadId = session?.Jid,
            MessageId = DbValues.NonEmpty(row, "ZSTANZAID"),
            Source = context.Locate(locator),
        });
    }

    private static (string? From, IReadOnlyList<string> To) Parties(SqliteDataReader row, ReadContext context, ChatSessions sessions, ChatSessions.Session? session, long? sessionKey, bool fromMe, SortedDictionary<string, string> names, string locator)
    {
        var owner = OwnerParty.Single(context);
        if (session is not { IsGroup: true })
        {
            // One-to-one: the other party is the chat's JID; the row's own JIDs say the same.
            var other = WhatsAppJid.Identify(session?.Jid ?? DbValues.NonEmpty(row, fromMe ? "ZTOJID" : "ZFROMJID"));
            if (other is not null && (session?.Name ?? sessions.PushName(other)) is { } name)
            {
                names[other] = name;
            }

            IReadOnlyList<string> otherList = other is null ? [] : [other];
            return fromMe ? (owner, otherList) : (other, OwnerParty.AsList(context));
        }

        var members = sessions.MembersOf(sessionKey);
        if (fromMe)
        {
            return (owner, [.. members.Where(m => m != owner)]);
        }

        var sender = sessions.FindMember(DbValues.Long(row, "ZGROUPMEMBER"));
        if (sender is null)
        {
            context.RecoveredRecord(locator, $"incoming group message whose ZGROUPMEMBER {DbValues.Raw(row, "ZGROUPMEMBER")} names no member: sender unknown");
        }
        else if ((sender.Name ?? sessions.PushName(sender.Identifier)) is { } name)
        {
            names[sender.Identifier] = name;
        }

        List<string> to = [.. members.Where(m => m != sender?.Identifier)];
        if (owner is not null && !to.Contains(owner))
        {
            to.Add(owner);
        }

        return (sender?.Identifier, to);
    }

    private static IReadOnlyList<Attachment> Attachments(SqliteDataReader row, int? type, ReadContext context, string locator)
    {
        var path = DbValues.NonEmpty(row, "I_ZMEDIALOCALPATH");
        var url = DbValues.NonEmpty(row, "I_ZMEDIAURL");
        if (type == ChatStorageMessageType.Location || (path is null && url is null))
        {
            return [];
        }

        // The local path is relative to the app group's Message/ folder; it is what locates the file in an extraction.
        var size = DbValues.Long(row, "I_ZFILESIZE") is { } n && n > 0 ? n : 0;
        var name = path ?? DbValues.NonEmpty(row, "I_ZTITLE") ?? Path.GetFileName(url!.Split('?')[0]);
        context.Note(locator, path is null
            ? $"{ChatStorageMessageType.Describe(type)} not downloaded to the phone (only its server URL is recorded): listed without a hash"
            : $"{ChatStorageMessageType.Describe(type)} file outside the database ({path}): listed without a hash");
        return [new Attachment(name, null, size, null)];
    }

    /// <summary>For a location (type 5) ZLATITUDE/ZLONGITUDE are WGS-84 degrees; for an image they hold its pixel size, so only type 5 is read.</summary>
    private static GeoPoint? GeoOf(SqliteDataReader row) =>
        DbValues.Double(row, "I_ZLATITUDE") is { } lat && DbValues.Double(row, "I_ZLONGITUDE") is { } lon && (lat != 0 || lon != 0) && Math.Abs(lat) <= 90 && Math.Abs(lon) <= 180
            ? new GeoPoint(lat, lon)
            : null;
}
