using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Skype;

/// <summary>
/// One message event per <c>Messages</c> row (ordered by <c>id</c>; locator <c>Messages.id=N</c>).
/// From: <c>author</c> (name <c>from_dispname</c>). To: the other participants of its chat
/// (<c>Chats.participants</c> by <c>chatname</c>, as plaso reads them), else of its conversation
/// (<c>Participants</c> by <c>convo_id</c>), else <c>dialog_partner</c>; the owner is added to what others
/// wrote. Direction: the author is the account holder → outgoing, anyone else → incoming. Text: the
/// decoded <c>body_xml</c>. Thread: the conversation's identity, else the chat name. The chat copy of an
/// SMS (type 64 named by <c>SMSes.chatmsg_id</c>) is not a second event: the SMS row is read instead.
/// </summary>
internal sealed class SkypeMessages(DbSession db, SkypeDirectory directory, IReadOnlyDictionary<long, long> smsByChatMessage)
{
    public static readonly string[] Needed = ["id", "author", "body_xml", "timestamp"];

    public string Sql
    {
        get
        {
            var s = db.Schema;
            string O(string column) => s.Optional("m", "Messages", column);
            return $"""
                SELECT m.id AS id, m.author AS author, m.body_xml AS body_xml, m.timestamp AS timestamp, {O("timestamp__ms")},
                       {O("chatname")}, {O("from_dispname")}, {O("dialog_partner")}, {O("type")}, {O("convo_id")}
                FROM Messages m ORDER BY m.id
                """;
        }
    }

    public CommunicationEvent? Map(SqliteDataReader row)
    {
        var context = db.Context;
        var id = DbValues.Long(row, "id");
        var locator = $"Messages.id={DbValues.Raw(row, "id")}";
        var type = DbValues.Int(row, "type");
        if (type == SkypeMessageType.Sms && id is { } key && smsByChatMessage.TryGetValue(key, out var sms))
        {
            context.Note(locator, $"the chat copy of SMSes.id={sms} (timestamp {DbValues.Raw(row, "timestamp")}): read as that SMS, not a second event");
            return null;
        }

        var time = Time(row, context, locator);
        var author = DbValues.NonEmpty(row, "author");
        var from = SkypeParty.Of(author, context);
        var convo = DbValues.Long(row, "convo_id");
        var chatname = DbValues.NonEmpty(row, "chatname");
        IEnumerable<string> others = directory.ChatParticipants(chatname);
        if (!others.Any())
        {
            others = directory.ConversationMembers(convo);
        }

        var to = others.Select(p => SkypeParty.Of(p, context)).OfType<string>().Where(p => p != from).Distinct().ToList();
        if (to.Count == 0 && SkypeParty.Of(DbValues.NonEmpty(row, "dialog_partner"), context) is { } partner && partner != from)
        {
            to.Add(partner);
        }

        var direction = Direction.Unknown;
        if (author is null)
        {
            context.RecoveredRecord(locator, "no author: the sender is unknown");
        }
        else if (directory.Account is not null || directory.Owner is not null)
        {
            direction = directory.IsAccount(author) || (directory.Account is null && from == directory.Owner) ? Direction.Outgoing : Direction.Incoming;
        }

        if (direction == Direction.Incoming && directory.Owner is { } owner && !to.Contains(owner))
        {
            to.Add(owner);
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = type == SkypeMessageType.Sms ? Channels.Sms : SkypeParty.Channel,
            Direction = direction,
            Time = time,
            From = from,
            To = to,
            Names = directory.NamesOf([from, .. to], (from, DbValues.NonEmpty(row, "from_dispname"))),
            Text = SkypeBody.Text(DbValues.Text(row, "body_xml")),
            Subject = SkypeMessageType.Subject(type),
            ThreadId = directory.ConversationIdentity(convo) ?? chatname,
            Source = context.Locate(locator),
        };
    }

    /// <summary><c>timestamp__ms</c> (newer clients, milliseconds) when it agrees with <c>timestamp</c>; else <c>timestamp</c> seconds.</summary>
    private static EventTime Time(SqliteDataReader row, ReadContext context, string locator)
    {
        if (DbValues.Long(row, "timestamp__ms") is { } ms && DbValues.Long(row, "timestamp") is { } seconds && ms / 1000 == seconds && seconds is > 0 and < SkypeTime.EndUnixSeconds)
        {
            return context.TimeZone.FromUnixMilliseconds(ms);
        }

        return SkypeTime.Of(row, context, locator, "timestamp");
    }
}
