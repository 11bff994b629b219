using System.Runtime.CompilerServices;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Tango;

/// <summary>
/// Tango for Android <c>tc.db</c> (<c>com.sgiggle.production</c>; tables as plaso's
/// <c>tango_android_tc</c> plugin requires them): one message event per <c>messages</c> row.
/// <c>create_time</c> / <c>send_time</c> are Java (Unix millisecond) times; <c>direction</c> 1 =
/// sent by the device owner, 2 = received (see README: the sender's profile is in the payload of
/// exactly the direction-2 rows); the text and media are in the base64 protobuf <c>payload</c>
/// (<see cref="TangoPayload"/>). The other party is the conversation's peer (<c>conversations</c>
/// payload), <c>handle:tango:&lt;account id&gt;</c>. Locator: <c>messages.msg_id=N</c>.
/// </summary>
internal sealed class TcDbReader : ISchemaReader
{
    public const string Service = "tango";

    /// <summary>The event channel of a Tango message.</summary>
    public const string Channel = Channels.Tango;

    public string Format => PhoneDbFormats.TangoTc;

    public bool Recognises(SqliteSchema schema) =>
        schema.HasColumns("messages", "msg_id", "conv_id", "payload", "direction", "create_time") && schema.HasColumns("conversations", "conv_id", "payload");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("messages", "msg_id", "conv_id", "payload", "direction", "create_time"))
        {
            yield break;
        }

        var peers = LoadPeers(db);
        UnreadTable.NoteRows(db, "sms", "Tango's sms table (msg_id, phonenumber, text) has no time and no public parser documents it");
        var s = db.Schema;
        var sql = $"""
            SELECT m.msg_id AS msg_id, m.conv_id AS conv_id, m.payload AS payload, m.direction AS direction, m.create_time AS create_time,
                   {s.Optional("m", "messages", "send_time")}, {s.Optional("m", "messages", "type")}, {s.Optional("m", "messages", "media_id")},
                   {s.Optional("m", "messages", "del_status")}
            FROM messages m ORDER BY m.create_time, m.msg_id
            """;
        await foreach (var e in db.QueryAsync("messages", sql, row => Map(row, db.Context, peers), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    public static string Handle(string accountId) => Identifier.ForHandle(Service, accountId);

    /// <summary>Conversation id → its peers (decoded from the conversation payload); bounded by conversations, not messages.</summary>
    private static Dictionary<string, List<TangoPayload.Profile>> LoadPeers(DbSession db)
    {
        var result = new Dictionary<string, List<TangoPayload.Profile>>(StringComparer.Ordinal);
        var rows = db.Lookup("conversations", "conversations table", "SELECT conv_id, payload FROM conversations ORDER BY conv_id", _ => { },
            r => (Id: DbValues.NonEmpty(r, "conv_id"), Payload: r["payload"]));
        foreach (var (id, payload) in rows)
        {
            if (id is null)
            {
                continue;
            }

            try
            {
                result[id] = TangoPayload.ParsePeers(TangoPayload.Decode(payload));
            }
            catch (FormatException ex)
            {
                db.Context.RecoveredRecord($"conversations.conv_id={id}", $"payload could not be decoded ({ex.Message}): the conversation id stands for its peer");
            }
        }

        return result;
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context, Dictionary<string, List<TangoPayload.Profile>> peers)
    {
        var locator = $"messages.msg_id={DbValues.Raw(row, "msg_id")}";
        var time = DbTime.FromUnixMilliseconds(DbValues.Long(row, "create_time"), context);
        if (time is null)
        {
            time = DbTime.FromUnixMilliseconds(DbValues.Long(row, "send_time"), context);
            if (time is null)
            {
                context.SkippedRecord(locator, $"create_time {DbValues.Raw(row, "create_time")} and send_time {DbValues.Raw(row, "send_time")} are not Unix millisecond times: the message has no time");
                return null;
            }

            context.RecoveredRecord(locator, $"create_time {DbValues.Raw(row, "create_time")} is not a Unix millisecond time: send_time used");
        }

        var conversation = DbValues.NonEmpty(row, "conv_id");
        TangoPayload? payload = null;
        try
        {
            payload = TangoPayload.ParseMessage(TangoPayload.Decode(row["payload"]));
        }
        catch (FormatException ex)
        {
            context.RecoveredRecord(locator, $"payload {DbValues.Raw(row, "payload")} could not be decoded as base64 protobuf ({ex.Message}): message kept without text or media");
        }

        if (payload?.ConversationId is { } inner && conversation is not null && inner != conversation)
        {
            context.Note(locator, $"payload names conversation {inner}, the row {conversation}: the row's conv_id is used");
        }

        var direction = DbValues.Long(row, "direction") switch
        {
            1 => Direction.Outgoing,
            2 => Direction.Incoming,
            _ => Direction.Unknown,
        };
        if (direction == Direction.Unknown)
        {
            context.Note(locator, $"direction {DbValues.Raw(row, "direction")} is neither 1 (sent) nor 2 (received): direction unknown");
        }

        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var others = new List<string>();
        if (conversation is not null)
        {
            if (peers.TryGetValue(conversation, out var list) && list.Count > 0)
            {
                foreach (var peer in list)
                {
                    var id = Handle(peer.AccountId!);
                    others.Add(id);
                    if (peer.Name is { } n)
                    {
                        names[id] = n;
                    }
                }
            }
            else
            {
                // A one-to-one conversation's id is the peer's account id (so in every conversation of the sample).
                others.Add(Handle(conversation));
            }
        }

        string? from;
        IReadOnlyList<string> to;
        if (direction == Direction.Incoming)
        {
            var sender = payload?.Sender is { AccountId: { } aid } ? Handle(aid) : others.Count == 1 ? others[0] : null;
            if (sender is not null && payload?.Sender?.Name is { } senderName)
            {
                names[sender] = senderName;
            }

            from = sender;
            var rest = others.Where(o => o != sender).ToList();
            if (OwnerParty.Single(context) is { } owner)
            {
                rest.Add(owner);
            }

            to = rest;
        }
        else
        {
            from = direction == Direction.Outgoing ? OwnerParty.Single(context) : null;
            to = others;
        }

        if (from is null && to.Count == 0)
        {
            context.RecoveredRecord(locator, "neither the sender nor the conversation's peer is recorded: parties unknown");
        }

        if (DbValues.Long(row, "del_status") is { } del && del != 0)
        {
            context.Note(locator, $"del_status {del} (meaning not documented by any public parser): kept");
        }

        var text = payload?.Text ?? payload?.Notice;
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = Channel,
            Direction = direction,
            Time = time.Value,
            From = from,
            To = to,
            Names = names,
            Text = text,
            Attachments = Attachments(payload, DbValues.NonEmpty(row, "media_id"), context, locator),
            ThreadId = conversation,
            Source = context.Locate(locator),
        };
    }

    private static IReadOnlyList<Attachment> Attachments(TangoPayload? payload, string? mediaId, ReadContext context, string locator)
    {
        if (payload is null || (payload.MediaUrl is null && payload.MediaPath is null))
        {
            return [];
        }

        var name = payload.MediaPath is { } path ? Path.GetFileName(path) : payload.MediaId ?? mediaId;
        var type = Path.GetExtension(payload.MediaPath ?? string.Empty).ToUpperInvariant() switch
        {
            ".JPG" or ".JPEG" => "image/jpeg",
            ".PNG" => "image/png",
            ".MP4" => "video/mp4",
            _ => null,
        };
        context.Note(locator, $"media {payload.MediaUrl ?? payload.MediaPath} (local copy {payload.MediaPath ?? "not recorded"}) is outside the database: listed, not hashed");
        return [new Attachment(name, type, 0, null)];
    }
}
