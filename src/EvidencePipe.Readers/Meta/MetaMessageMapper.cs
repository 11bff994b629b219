using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using EvidencePipe.Identifiers;
using EvidencePipe.Model;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Meta;

/// <summary>Turns one message of a Messenger/Instagram conversation file into an event.</summary>
internal sealed class MetaMessageMapper
{
    // Below this a "millisecond" timestamp is before 1973: it was written in seconds.
    private const long SecondsThreshold = 100_000_000_000;

    private readonly ReadContext _context;
    private readonly string _channel;
    private readonly SortedDictionary<string, string> _participants;
    private readonly ReadOnlyDictionary<string, string> _names;
    private readonly bool _ownerKnown;
    private readonly string _threadId;
    private readonly Dictionary<string, IReadOnlyList<string>> _others = new(StringComparer.Ordinal);

    public MetaMessageMapper(ReadContext context, MetaSurvey survey, string channel)
    {
        _context = context;
        _channel = channel;
        _participants = survey.Participants;
        _names = new ReadOnlyDictionary<string, string>(_participants);
        _ownerKnown = _participants.Keys.Any(context.Settings.IsOwner);
        var thread = survey.ThreadPath ?? survey.Title
            ?? (_participants.Count > 0 ? string.Join(",", _participants.Keys) : "file@" + context.Source.Sha256[..12]);
        _threadId = channel + ":" + thread;
    }

    public CommunicationEvent? Map(JsonElement message, string locator)
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

        var senderName = MetaJson.SenderName(message);
        string? from = null;
        var names = (IReadOnlyDictionary<string, string>)_names;
        if (!string.IsNullOrWhiteSpace(senderName))
        {
            from = Identifier.ForName(senderName);
            if (!_participants.ContainsKey(from))
            {
                names = new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(_participants, StringComparer.Ordinal) { [from] = senderName.Trim() });
            }
        }
        else
        {
            _context.RecoveredRecord(locator, "no sender_name; kept without a sender");
        }

        var callDuration = message.Int64("call_duration");
        var isCall = callDuration is not null || message.String("type") == "Call";
        return new CommunicationEvent
        {
            Id = _context.EventId(locator),
            Kind = isCall ? EventKind.Call : EventKind.Message,
            Channel = _channel,
            Direction = DirectionOf(from),
            Time = time,
            From = from,
            To = from is null ? [] : Others(from),
            Names = names,
            Text = MetaMessageText.Of(message),
            DurationSeconds = callDuration is { } d and >= 0 and <= int.MaxValue ? (int)d : null,
            CallStatus = isCall && callDuration > 0 ? CallStatus.Answered : CallStatus.None,
            Attachments = MetaMedia.Of(message),
            ThreadId = _threadId,
            Source = _context.Locate(locator),
        };
    }

    private EventTime? TimeOf(JsonElement message, string locator)
    {
        if (MetaJson.Timestamp(message) is not { } stamp || stamp <= 0)
        {
            _context.SkippedRecord(locator, $"no readable timestamp_ms ('{message.String("timestamp_ms") ?? message.String("timestamp") ?? "(none)"}')");
            return null;
        }

        if (stamp < SecondsThreshold)
        {
            _context.RecoveredRecord(locator, string.Create(CultureInfo.InvariantCulture, $"timestamp {stamp} is too small for milliseconds; read as seconds"));
            stamp *= 1000;
        }

        if (stamp > 253_402_300_799_000)
        {
            _context.SkippedRecord(locator, string.Create(CultureInfo.InvariantCulture, $"timestamp {stamp} is beyond the year 9999"));
            return null;
        }

        return _context.TimeZone.FromUnixMilliseconds(stamp);
    }

    private Direction DirectionOf(string? from)
    {
        if (from is null)
        {
            return Direction.Unknown;
        }

        if (_context.Settings.IsOwner(from))
        {
            return Direction.Outgoing;
        }

        return _ownerKnown ? Direction.Incoming : Direction.Unknown;
    }

    private IReadOnlyList<string> Others(string from)
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
