using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Telegram;

/// <summary>
/// Turns one exported message object into an event. Field names and meanings follow tdesktop's
/// export_output_json.cpp (<c>SerializeMessage</c>): <c>type</c> "message" or "service";
/// <c>date</c> local wall-clock ISO time of the exporting computer and <c>date_unixtime</c> the exact
/// epoch seconds (string); <c>from</c>/<c>from_id</c> for messages, <c>actor</c>/<c>actor_id</c> and
/// <c>action</c> for service messages; media as <c>photo</c> or <c>file</c> paths with sizes.
/// </summary>
internal sealed class TelegramMessageMapper
{
    private const string LocalDateFormat = "yyyy-MM-dd'T'HH:mm:ss";

    private readonly ReadContext _context;
    private readonly TelegramSurvey _survey;
    private readonly Dictionary<string, ChatView> _views = new(StringComparer.Ordinal);

    public TelegramMessageMapper(ReadContext context, TelegramSurvey survey)
    {
        _context = context;
        _survey = survey;
    }

    /// <summary>Who a message is from: the author of a message, the caller of a phone-call service message.</summary>
    public static (string? Id, string? Name) SenderOf(JsonElement message)
    {
        if (IsService(message))
        {
            return message.String("action") == "phone_call"
                ? (TelegramPeer.Of(message, "actor_id", "actor"), message.String("actor"))
                : (null, null);
        }

        return (TelegramPeer.Of(message, "from_id", "from"), message.String("from"));
    }

    public static string Locator(string path, JsonElement message) =>
        message.Int64("id") is { } id ? string.Create(CultureInfo.InvariantCulture, $"{path} id={id}") : path;

    /// <summary>The event for <paramref name="message"/>, or null (with a diagnostic) when it cannot be read.</summary>
    public CommunicationEvent? Map(JsonElement message, string chatKey, string locator)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            _context.SkippedRecord(locator, $"message is a JSON {message.ValueKind}, not an object");
            return null;
        }

        if (TimeOf(message, locator) is not { } time)
        {
            return null;
        }

        var view = View(chatKey);
        var type = message.String("type");
        if (type is not ("message" or "service"))
        {
            _context.Note(locator, $"unknown message type '{type ?? "(none)"}'; read as an ordinary message");
        }

        var service = IsService(message);
        var action = service ? message.String("action") : null;
        var isCall = action == "phone_call";
        var (from, fromName) = SenderOf(message);
        var names = view.Names;
        if (fromName is not null && from is not null && !names.ContainsKey(from))
        {
            names = new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(names.ToDictionary(), StringComparer.Ordinal) { [from] = fromName });
        }

        if (service && !isCall && TelegramPeer.Of(message, "actor_id", "actor") is { } actor && message.String("actor") is { } actorName && !names.ContainsKey(actor))
        {
            names = new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(names.ToDictionary(), StringComparer.Ordinal) { [actor] = actorName });
        }

        var (attachments, geo) = Media(message);
        return new CommunicationEvent
        {
            Id = _context.EventId(locator),
            Kind = isCall ? EventKind.Call : EventKind.Message,
            Channel = Channels.Telegram,
            Direction = view.DirectionOf(from),
            Time = time,
            From = from,
            To = from is null ? [] : view.Others(from),
            Names = names,
            Text = service && !isCall ? ServiceText(message, action) : TextWithExtras(message),
            DurationSeconds = isCall ? (int?)message.Int64("duration_seconds") : null,
            CallStatus = isCall ? CallStatusOf(message) : CallStatus.None,
            Attachments = attachments,
            Geo = geo,
            ThreadId = view.ThreadId,
            Source = _context.Locate(locator),
        };
    }

    private static bool IsService(JsonElement message) => message.String("type") == "service";

    /// <summary>
    /// <c>date_unixtime</c> is exact (seconds since 1970 UTC) and is preferred; <c>date</c> is the
    /// exporting computer's wall clock with no zone, so it is only used, in the case zone, without it.
    /// </summary>
    private EventTime? TimeOf(JsonElement message, string locator)
    {
        var unix = message.Int64("date_unixtime");
        if (unix is { } seconds && seconds is > -62_135_596_800 and < 253_402_300_800)
        {
            return _context.TimeZone.FromUnixMilliseconds(seconds * 1000);
        }

        var local = message.String("date");
        if (local is not null && DateTime.TryParseExact(local, LocalDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            if (message.Property("date_unixtime") is not null)
            {
                _context.RecoveredRecord(locator, $"date_unixtime '{message.String("date_unixtime")}' unreadable; used the local 'date' {local} in the case zone");
            }

            return _context.TimeZone.FromLocal(wall);
        }

        _context.SkippedRecord(locator, $"no readable time: date_unixtime '{message.String("date_unixtime") ?? "(none)"}', date '{local ?? "(none)"}'");
        return null;
    }

    private static CallStatus CallStatusOf(JsonElement message)
    {
        var duration = message.Int64("duration_seconds") ?? 0;
        return message.String("discard_reason") switch
        {
            "missed" => CallStatus.Missed,
            "busy" => CallStatus.Rejected,
            _ when duration > 0 => CallStatus.Answered,
            _ => CallStatus.None,
        };
    }

    private static string? TextWithExtras(JsonElement message)
    {
        var parts = new List<string>(3);
        if (TelegramText.Of(message) is { } text)
        {
            parts.Add(text);
        }

        if (message.Property("contact_information") is { ValueKind: JsonValueKind.Object } contact)
        {
            var name = string.Join(' ', new[] { contact.String("first_name"), contact.String("last_name") }.Where(n => !string.IsNullOrWhiteSpace(n)));
            parts.Add($"[contact] {name} {contact.String("phone_number")}".TrimEnd());
        }

        if (message.Property("poll") is { ValueKind: JsonValueKind.Object } poll)
        {
            var answers = string.Join(" | ", poll.Array("answers").Select(a => a.String("text")).Where(a => a is not null));
            parts.Add($"[poll] {poll.String("question")}: {answers}");
        }

        if (message.String("place_name") is { Length: > 0 } place)
        {
            parts.Add($"[place] {place} {message.String("address")}".TrimEnd());
        }

        return parts.Count == 0 ? null : string.Join('\n', parts);
    }

    /// <summary>A service message (group created, members invited, …) in words: it belongs to no person, so From stays null.</summary>
    private static string ServiceText(JsonElement message, string? action)
    {
        var sb = new StringBuilder("[service] ");
        if (message.String("actor") is { Length: > 0 } actor)
        {
            sb.Append(actor).Append(": ");
        }

        sb.Append(action ?? "(no action)");
        if (message.String("title") is { Length: > 0 } title)
        {
            sb.Append(" '").Append(title).Append('\'');
        }

        var members = message.Array("members").Select(JsonValues.AsString).Where(m => m is not null).ToList();
        if (members.Count > 0)
        {
            sb.Append(' ').Append(string.Join(", ", members));
        }

        if (TelegramText.Of(message) is { Length: > 0 } text)
        {
            sb.Append(": ").Append(text);
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>photo</c> and <c>file</c> are paths relative to the export folder, or a note in brackets
    /// when the file was not exported ("(File not included. Change data exporting settings to
    /// download.)"); the name is then <c>file_name</c> if given. Sizes are only known when written.
    /// </summary>
    private static (IReadOnlyList<Attachment> Attachments, GeoPoint? Geo) Media(JsonElement message)
    {
        var list = new List<Attachment>(1);
        if (message.String("photo") is { } photo)
        {
            list.Add(new Attachment(FileName(photo), MediaTypeOf(message.String("mime_type"), photo), message.Int64("photo_file_size") ?? 0, null));
        }

        if (message.String("file") is { } file)
        {
            var name = message.String("file_name") ?? FileName(file);
            list.Add(new Attachment(name, MediaTypeOf(message.String("mime_type"), name ?? file), message.Int64("file_size") ?? 0, null));
        }

        GeoPoint? geo = null;
        if (message.Property("location_information") is { ValueKind: JsonValueKind.Object } location
            && location.Double("latitude") is { } lat and >= -90 and <= 90
            && location.Double("longitude") is { } lon and >= -180 and <= 180)
        {
            geo = new GeoPoint(lat, lon);
        }

        return (list, geo);
    }

    private static string? FileName(string path)
    {
        if (path.StartsWith('('))
        {
            return null; // "(File not included. …)": the export left the file out
        }

        var slash = path.Replace('\\', '/').LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static string? MediaTypeOf(string? stated, string? name) =>
        stated ?? (name is null ? null : Shared.MediaTypes.FromFileName(name));

    private ChatView View(string chatKey)
    {
        if (!_views.TryGetValue(chatKey, out var view))
        {
            view = new ChatView(_survey.Chat(chatKey), _survey, _context);
            _views[chatKey] = view;
        }

        return view;
    }

    /// <summary>A chat's participants, owners and thread id, worked out once per chat.</summary>
    private sealed class ChatView
    {
        private readonly SortedDictionary<string, string> _participants;
        private readonly HashSet<string> _owners = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _others = new(StringComparer.Ordinal);

        public ChatView(TelegramChat chat, TelegramSurvey survey, ReadContext context)
        {
            _participants = survey.Participants(chat);
            Names = new ReadOnlyDictionary<string, string>(_participants);
            foreach (var id in _participants.Keys)
            {
                if (context.Settings.IsOwner(id) || id == survey.AccountOwner)
                {
                    _owners.Add(id);
                }
            }

            // In a one-to-one chat whoever is not the partner is the account holder (tdesktop names
            // the chat after, and gives it the id of, the other user).
            if (_owners.Count == 0 && chat.Partner is { } partner && chat.Senders.ContainsKey(partner))
            {
                foreach (var id in chat.Senders.Keys.Where(k => k != partner))
                {
                    _owners.Add(id);
                }
            }

            if (chat.SendersCapped)
            {
                context.Note(chat.Key.Length == 0 ? "messages" : chat.Key, $"more than {TelegramChat.MaxParticipants} senders; recipients list only the first {TelegramChat.MaxParticipants}");
            }

            var key = chat.Id ?? chat.Name ?? (chat.Key.Length == 0 ? "chat" : chat.Key) + "@" + context.Source.Sha256[..12];
            ThreadId = "telegram:" + key;
        }

        public IReadOnlyDictionary<string, string> Names { get; }

        public string ThreadId { get; }

        public Direction DirectionOf(string? from)
        {
            if (from is null)
            {
                return Direction.Unknown;
            }

            if (_owners.Contains(from))
            {
                return Direction.Outgoing;
            }

            return _owners.Count > 0 ? Direction.Incoming : Direction.Unknown;
        }

        public IReadOnlyList<string> Others(string from)
        {
            if (!_others.TryGetValue(from, out var others))
            {
                others = _participants.Keys.Where(k => k != from).ToList().AsReadOnly();
                if (_participants.ContainsKey(from))
                {
                    _others[from] = others;
                }
            }

            return others;
        }
    }
}
