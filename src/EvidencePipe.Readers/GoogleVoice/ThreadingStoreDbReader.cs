using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Readers.PhoneDb;
using EvidencePipe.Reading;
using Microsoft.Data.Sqlite;

namespace EvidencePipe.Readers.GoogleVoice;

/// <summary>
/// Google Voice for iOS <c>threadingStore.sqlite</c>: one event per <c>ThreadItem</c> row.
/// <c>itemType</c> says what it is (SmsIn, SmsOut, MmsIn, MmsOut, IncomingCall, OutgoingCall,
/// MissedCall, Voicemail…); <c>timestamp</c> is Unix seconds (a real); <c>senderPhoneNumber</c> is
/// the caller or sender — on outgoing items the account's own Google Voice number; the other
/// parties are the thread's <c>ThreadParticipant</c> rows (E.164); a voicemail's text is its
/// <c>Transcript</c>. Locator: <c>ThreadItem.threadItemKey=KEY</c>.
/// </summary>
internal sealed class ThreadingStoreDbReader : ISchemaReader
{
    private const double MaxUnixSeconds = 253_402_300_799;

    public string Format => PhoneDbFormats.GoogleVoiceThreadingStore;

    public bool Recognises(SqliteSchema schema) => schema.HasColumns("ThreadItem", "threadItemKey", "itemType") && schema.HasTable("ThreadParticipant");

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(DbSession db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!db.Require("ThreadItem", "threadItemKey", "threadItemType", "itemType", "timestamp", "senderPhoneNumber", "threadKey"))
        {
            yield break;
        }

        var participants = LoadParticipants(db);
        var s = db.Schema;
        var transcripts = s.HasColumns("Transcript", "threadItemKey", "threadItemType", "text");
        var sql = $"""
            SELECT i.threadItemKey AS threadItemKey, i.itemType AS itemType, i.timestamp AS timestamp, i.senderPhoneNumber AS senderPhoneNumber,
                   i.threadKey AS threadKey, {s.Optional("i", "ThreadItem", "threadType")}, {s.Optional("i", "ThreadItem", "messageText")},
                   {s.Optional("i", "ThreadItem", "duration")}, {s.Optional("i", "ThreadItem", "isDeleted")},
                   {(transcripts ? "t.text" : "NULL")} AS transcript
            FROM ThreadItem i {(transcripts ? "LEFT JOIN Transcript t ON t.threadItemKey = i.threadItemKey AND t.threadItemType = i.threadItemType" : string.Empty)}
            ORDER BY i.timestamp, i.threadItemKey
            """;
        await foreach (var e in db.QueryAsync("ThreadItem", sql, row => Map(row, db.Context, participants), cancellationToken).ConfigureAwait(false))
        {
            yield return new EventRecord(e);
        }
    }

    /// <summary>Thread key → its participants' identifiers; bounded by threads, not by items.</summary>
    private static Dictionary<string, List<string>> LoadParticipants(DbSession db)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!db.Schema.HasColumns("ThreadParticipant", "phoneNumberE164", "threadKey"))
        {
            db.Context.Note("ThreadParticipant", $"{db.FileName}: ThreadParticipant lacks phoneNumberE164/threadKey: outgoing items are read without recipients");
            return result;
        }

        var rows = db.Lookup("ThreadParticipant", "ThreadParticipant table", "SELECT threadKey, phoneNumberE164 FROM ThreadParticipant ORDER BY threadKey, phoneNumberE164", _ => { },
            r => (Thread: DbValues.NonEmpty(r, "threadKey"), Number: DbValues.NonEmpty(r, "phoneNumberE164")));
        foreach (var (thread, number) in rows)
        {
            if (thread is null || number is null)
            {
                continue;
            }

            if (!result.TryGetValue(thread, out var list))
            {
                result[thread] = list = [];
            }

            list.Add(number);
        }

        return result;
    }

    private static CommunicationEvent? Map(SqliteDataReader row, ReadContext context, Dictionary<string, List<string>> participants)
    {
        var locator = $"ThreadItem.threadItemKey={DbValues.Text(row, "threadItemKey")}";
        var seconds = DbValues.Double(row, "timestamp");
        if (seconds is not { } v || v <= 0 || v > MaxUnixSeconds)
        {
            context.SkippedRecord(locator, $"timestamp {DbValues.Raw(row, "timestamp")} is not a Unix time: the item has no time");
            return null;
        }

        var time = context.TimeZone.FromUnixMilliseconds((long)Math.Round(v * 1000));
        var itemType = DbValues.NonEmpty(row, "itemType") ?? string.Empty;
        var kind = ItemKind.Of(itemType);
        if (kind.Kind is null)
        {
            context.Note(locator, $"itemType '{itemType}' is not a known Google Voice item: read as a message of unknown direction");
        }

        var sender = context.Identify(DbValues.NonEmpty(row, "senderPhoneNumber"));
        var thread = DbValues.NonEmpty(row, "threadKey");
        var others = thread is not null && participants.TryGetValue(thread, out var list)
            ? list.Select(context.Identify).OfType<string>().Where(p => p != sender).Distinct().ToList()
            : [];
        string? from;
        List<string> to;
        if (kind.Direction == Direction.Outgoing)
        {
            // The account's own Google Voice number is the sender of what it sends.
            from = sender ?? OwnerParty.Single(context);
            to = others;
        }
        else
        {
            from = sender;
            to = [.. others];
            if (OwnerParty.Single(context) is { } owner && !to.Contains(owner))
            {
                to.Add(owner);
            }
        }

        if (from is null && to.Count == 0)
        {
            context.RecoveredRecord(locator, "neither a sender nor any thread participant is recorded: parties unknown");
        }

        if (DbValues.Long(row, "isDeleted") is 1)
        {
            context.Note(locator, "marked deleted in the app (isDeleted = 1): kept");
        }

        var text = DbValues.Text(row, "messageText") is { Length: > 0 } t ? t : null;
        if (kind.Channel == Channels.Voicemail && DbValues.NonEmpty(row, "transcript") is { } transcript)
        {
            text = transcript;
        }

        var duration = DbValues.Double(row, "duration") is { } d && d > 0 && d < int.MaxValue ? (int?)Math.Round(d) : null;
        return new CommunicationEvent
        {
            Id = context.EventId(locator),
            Kind = kind.Kind ?? EventKind.Message,
            Channel = kind.Channel,
            Direction = kind.Direction,
            Time = time,
            From = from,
            To = to,
            Text = text,
            DurationSeconds = kind.Kind == EventKind.Call ? duration : null,
            CallStatus = kind.Status,
            ThreadId = thread,
            Source = context.Locate(locator),
        };
    }

    /// <summary>What each <c>itemType</c> is. Answered incoming calls are IncomingCall; MissedCall and Voicemail are incoming by nature.</summary>
    private readonly record struct ItemKind(EventKind? Kind, string Channel, Direction Direction, CallStatus Status)
    {
        public static ItemKind Of(string itemType) => itemType switch
        {
            "SmsIn" => new(EventKind.Message, Channels.Sms, Direction.Incoming, CallStatus.None),
            "SmsOut" => new(EventKind.Message, Channels.Sms, Direction.Outgoing, CallStatus.None),
            "MmsIn" => new(EventKind.Message, Channels.Mms, Direction.Incoming, CallStatus.None),
            "MmsOut" => new(EventKind.Message, Channels.Mms, Direction.Outgoing, CallStatus.None),
            "IncomingCall" => new(EventKind.Call, Channels.Call, Direction.Incoming, CallStatus.Answered),
            "OutgoingCall" => new(EventKind.Call, Channels.Call, Direction.Outgoing, CallStatus.None),
            "MissedCall" => new(EventKind.Call, Channels.Call, Direction.Incoming, CallStatus.Missed),
            "Voicemail" => new(EventKind.Call, Channels.Voicemail, Direction.Incoming, CallStatus.Voicemail),
            _ => new(null, Channels.Sms, Direction.Unknown, CallStatus.None),
        };
    }
}
