using System.Globalization;
using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.Kik;

/// <summary>
/// Kik Messenger for iOS <c>kik.sqlite</c> (Core Data): one message event per <c>ZKIKMESSAGE</c> row,
/// ordered by <c>Z_PK</c> (locator <c>ZKIKMESSAGE.Z_PK=N</c>). <c>ZUSER</c> → <c>ZKIKUSER.Z_PK</c> (iLEAPP
/// joins on it; plaso joins on <c>ZKIKUSER.ZEXTRA</c>, which equals <c>Z_PK</c> in its sample) is the
/// partner of a one-to-one message or the sender of a received group message; the message's chat
/// (<c>Z_nMESSAGES</c> → <c>ZKIKCHAT.ZUSER</c>) says whether it was in a group. <c>ZTYPE</c>: 1 received,
/// 2 sent (plaso's kik_ios formatter, iLEAPP), 3 and 4 notices the app writes into a group ("You started a
/// group", "X has joined the chat"), kept without sender or recipients. Time: <c>ZTIMESTAMP</c> (Core Data
/// seconds; the message's time as Kik's server stamped it, to the millisecond), else
/// <c>ZRECEIVEDTIMESTAMP</c> (when the phone got it, which plaso uses). Attachments:
/// <c>ZKIKATTACHMENT.ZMESSAGE</c>, named by <c>ZCONTENT</c> (the content id the file is stored under).
/// </summary>
internal sealed class KikDbReader : ISchemaReader
{
    /// <summary>2100-01-01T00:00:00Z as Core Data seconds: later values are damage, not times.</summary>
    private const double EndAppleSeconds = 4_102_444_800d - DbTime.AppleEpochUnixSeconds;

    public string Format => PhoneDbFormats.KikIos;

    public bool Recognises(SqliteSchema schema) => schema.HasColumns("ZKIKMESSAGE", "Z_PK") && schema.HasTable("ZKIKUSER");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ZKIKMESSAGE", "Z_PK", "ZTYPE", "ZUSER", "ZBODY") || !db.Require("ZKIKUSER", "Z_PK"))
        {
            yield break;
        }

        if (OwnerParty.Single(db.Context) is null)
        {
            db.Context.Note("ZKIKUSER", $"{db.FileName}: the database does not name the account's own user: without a single --owner (handle:kik:USERNAME) sent messages have no sender and received ones no owner recipient");
        }

        var directory = KikDirectory.Load(db);
        var s = db.Schema;
        string O(string column) => s.Optional("m", "ZKIKMESSAGE", column);
        var join = directory.MessageChats is { } j
            ? $"LEFT JOIN (SELECT {SqliteSchema.Quote(j.Message)} AS message, group_concat({SqliteSchema.Quote(j.Chat)}) AS chats FROM {SqliteSchema.Quote(j.Table)} GROUP BY 1) c ON c.message = m.Z_PK"
            : string.Empty;
        var sql = $"""
            SELECT m.Z_PK AS Z_PK, m.ZTYPE AS ZTYPE, m.ZUSER AS ZUSER, m.ZBODY AS ZBODY, {O("ZTIMESTAMP")}, {O("ZRECEIVEDTIMESTAMP")}, {O("ZSTATE")},
                   {(join.Length > 0 ? "c.chats" : "NULL")} AS chats
            FROM ZKIKMESSAGE m {join}
            ORDER BY m.Z_PK
            """;
        var attachments = s.HasColumns("ZKIKATTACHMENT", "ZMESSAGE", "ZCONTENT");
        await foreach (var e in db.QueryAsync("ZKIKMESSAGE", sql, row => Map(row, db, directory, attachments), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    private static CommunicationEvent? Map(SqliteDataReader row, DbSession db, KikDirectory directory, bool attachmentsPresent)
    {
        var context = db.Context;
        var locator = $"ZKIKMESSAGE.Z_PK={DbValues.Raw(row, "Z_PK")}";
        var time = Time(row, context, locator);
        var userPk = DbValues.Long(row, "ZUSER");
        var user = directory.User(userPk);
        var chatUserPk = Chat(row, directory, userPk);
        var chatUser = directory.User(chatUserPk) ?? user;
        var group = chatUser is not null && chatUserPk is { } g && (chatUser.IsGroup || directory.HasMembers(g));
        var members = group ? directory.Members(chatUserPk!.Value).ToList() : [];
        var owner = OwnerParty.Single(context);
        var type = DbValues.Long(row, "ZTYPE");

        string? from = null;
        var to = new List<string>();
        var direction = Direction.Unknown;
        string? subject = null;
        switch (type)
        {
            case 1:
                direction = Direction.Incoming;
                from = user is { IsGroup: false } ? user.Id : null;
                to.AddRange(members.Select(m => m.Id).Where(m => m != from));
                if (owner is not null && !to.Contains(owner))
                {
                    to.Add(owner);
                }

                if (from is null)
                {
                    context.RecoveredRecord(locator, $"ZUSER {DbValues.Raw(row, "ZUSER")} names no person: the sender is unknown");
                }

                break;
            case 2:
                direction = Direction.Outgoing;
                from = owner;
                to.AddRange(group && members.Count > 0 ? members.Select(m => m.Id) : chatUser is null ? [] : [chatUser.Id]);
                if (to.Count == 0)
                {
                    context.RecoveredRecord(locator, $"ZUSER {DbValues.Raw(row, "ZUSER")} names no user: the recipient is unknown");
                }

                break;
            case 3 or 4:
                subject = "group notice";
                context.Note(locator, $"ZTYPE {type}: a notice the app wrote into the chat, kept without sender or recipients");
                break;
            default:
                from = user?.Id;
                context.Note(locator, $"ZTYPE {DbValues.Raw(row, "ZTYPE")} is not a known Kik message type (1 received, 2 sent, 3/4 notices): direction unknown");
                break;
        }

        var files = attachmentsPresent && DbValues.Long(row, "Z_PK") is { } pk ? Attachments(db, locator, pk) : [];
        var body = DbValues.Text(row, "ZBODY");
        var text = body is null || body.Trim().Length == 0 || files.Any(f => f.Name == body.Trim()) ? null : body;
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in new[] { user, chatUser }.Concat(members))
        {
            if (u?.DisplayName is { } display)
            {
                names.TryAdd(u.Id, display);
            }
        }

        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = EventKind.Message,
            Channel = KikUser.Channel,
            Direction = direction,
            Time = time,
            From = from,
            To = to,
            Names = names,
            Text = text,
            Subject = subject,
            Attachments = files,
            ThreadId = chatUser?.Thread,
            Source = context.Locate(locator),
        };
    }

    /// <summary>ZTIMESTAMP, else ZRECEIVEDTIMESTAMP (Core Data seconds); neither usable → undated with a diagnostic.</summary>
    private static EventTime Time(SqliteDataReader row, ReadContext context, string locator)
    {
        foreach (var column in new[] { "ZTIMESTAMP", "ZRECEIVEDTIMESTAMP" })
        {
            if (DbValues.Double(row, column) is { } v && v > 0 && v < EndAppleSeconds && DbTime.FromApple(v, context) is { } time)
            {
                return time;
            }
        }

        context.RecoveredRecord(locator, $"ZTIMESTAMP {DbValues.Raw(row, "ZTIMESTAMP")}, ZRECEIVEDTIMESTAMP {DbValues.Raw(row, "ZRECEIVEDTIMESTAMP")}: not a Core Data time before 2100; kept undated");
        return EventTime.Undated;
    }

    /// <summary>
    /// The user of the message's chat: of the chats the join table lists, the one with the message's own
    /// ZUSER (a one-to-one chat), else the first; without a join row, the message's ZUSER.
    /// </summary>
    private static long? Chat(SqliteDataReader row, KikDirectory directory, long? userPk)
    {
        var chats = (DbValues.Text(row, "chats") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => long.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? directory.ChatUser(id) : null)
            .OfType<long>().Order().ToList();
        if (chats.Count == 0)
        {
            return userPk;
        }

        return userPk is { } u && chats.Contains(u) ? u : chats[0];
    }

    private static List<Attachment> Attachments(DbSession db, string locator, long message) =>
        [.. db.Lookup(locator, "attachments", "SELECT ZCONTENT FROM ZKIKATTACHMENT WHERE ZMESSAGE = $m ORDER BY Z_PK", c => c.Parameters.AddWithValue("$m", message),
                r => DbValues.NonEmpty(r, "ZCONTENT"))
            .Select(content => new Attachment(content, null, 0, null))];
}
