using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Cdr;

/// <summary>Turns one CDR row into a call or message event, reporting whatever it had to leave out.</summary>
internal sealed class CdrRowMapper
{
    private readonly ReadContext _context;
    private readonly CdrLayout _layout;
    private readonly CdrMapping _mapping;
    private readonly CdrTime _time;
    private readonly IReadOnlyDictionary<string, GeoPoint>? _cells;
    private readonly string? _soleOwner;
    private bool _cellsMissingNoted;

    public CdrRowMapper(ReadContext context, CdrLayout layout, IReadOnlyDictionary<string, GeoPoint>? cells)
    {
        _context = context;
        _layout = layout;
        _mapping = layout.Mapping;
        _time = new CdrTime(_mapping, context.TimeZone);
        _cells = cells;
        _soleOwner = context.Settings.Owners.Count == 1 ? context.Settings.Owners.First() : null;
    }

    public CommunicationEvent? Map(List<string> row, string locator)
    {
        if (row.Count < _layout.Width)
        {
            _context.SkippedRecord(locator, string.Create(CultureInfo.InvariantCulture, $"{row.Count} field(s); the '{_mapping.Name}' mapping needs {_layout.Width}"));
            return null;
        }

        var rawStart = _layout.Get(row, _mapping.Start);
        if (_time.Parse(rawStart) is not { } time)
        {
            _context.SkippedRecord(locator, $"start time '{rawStart ?? "(empty)"}' is not in {string.Join(" / ", _mapping.StartFormats)}");
            return null;
        }

        var (kind, channel) = KindOf(row, locator);
        var direction = DirectionOf(row, locator);
        var (from, to) = Parties(row, direction, locator);
        if (_mapping.Caller is not null && direction == Direction.Unknown)
        {
            direction = _context.Settings.IsOwner(from) ? Direction.Outgoing : to.Any(_context.Settings.IsOwner) ? Direction.Incoming : Direction.Unknown;
        }

        return new CommunicationEvent
        {
            Id = _context.EventId(locator),
            Kind = kind,
            Channel = channel,
            Direction = direction,
            Time = time,
            From = from,
            To = to,
            DurationSeconds = DurationOf(row, locator),
            Geo = GeoOf(row, locator),
            Source = _context.Locate(locator),
        };
    }

    private (EventKind, string) KindOf(List<string> row, string locator)
    {
        if (_mapping.Type is null)
        {
            return (EventKind.Call, Channels.Call); // a call-detail record with no type column records calls
        }

        var raw = _layout.Get(row, _mapping.Type);
        if (raw is not null && _mapping.TypeValues.TryGetValue(raw, out var meaning))
        {
            return meaning switch
            {
                "sms" => (EventKind.Message, Channels.Sms),
                "mms" => (EventKind.Message, Channels.Mms),
                _ => (EventKind.Call, Channels.Call),
            };
        }

        _context.RecoveredRecord(locator, $"type '{raw ?? "(empty)"}' is not one the '{_mapping.Name}' mapping knows; read as a call");
        return (EventKind.Call, Channels.Call);
    }

    private Direction DirectionOf(List<string> row, string locator)
    {
        if (_mapping.Direction is null)
        {
            return Direction.Unknown;
        }

        var raw = _layout.Get(row, _mapping.Direction);
        if (raw is not null && _mapping.DirectionValues.TryGetValue(raw, out var meaning))
        {
            return meaning == "outgoing" ? Direction.Outgoing : Direction.Incoming;
        }

        _context.RecoveredRecord(locator, $"direction '{raw ?? "(empty)"}' is not one the '{_mapping.Name}' mapping knows; direction unknown");
        return Direction.Unknown;
    }

    /// <summary>
    /// Caller/callee layouts say who called whom. Correspondent layouts are one subscriber's records:
    /// the subscriber (subject column, else the case's single owner) is the other party, on the side
    /// the direction says. With no direction the correspondent is kept as a recipient, never guessed as sender.
    /// </summary>
    private (string? From, IReadOnlyList<string> To) Parties(List<string> row, Direction direction, string locator)
    {
        if (_mapping.Caller is not null)
        {
            var caller = _context.Identify(_layout.Get(row, _mapping.Caller));
            var callee = _context.Identify(_layout.Get(row, _mapping.Callee));
            if (caller is null || callee is null)
            {
                _context.RecoveredRecord(locator, $"{(caller is null ? "caller" : "callee")} is empty");
            }

            return (caller, callee is null ? [] : [callee]);
        }

        var other = _context.Identify(_layout.Get(row, _mapping.Correspondent));
        var subject = _mapping.Subject is null ? _soleOwner : _context.Identify(_layout.Get(row, _mapping.Subject));
        if (other is null)
        {
            _context.RecoveredRecord(locator, "correspondent is empty");
        }

        return direction switch
        {
            Direction.Outgoing => (subject, other is null ? [] : [other]),
            Direction.Incoming => (other, subject is null ? [] : [subject]),
            _ => (null, new[] { other, subject }.OfType<string>().ToList()),
        };
    }

    private int? DurationOf(List<string> row, string locator)
    {
        var raw = _layout.Get(row, _mapping.Duration);
        if (raw is null)
        {
            return null;
        }

        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and <= int.MaxValue)
        {
            return (int)Math.Round(seconds, MidpointRounding.AwayFromZero);
        }

        _context.RecoveredRecord(locator, $"duration '{raw}' is not a number of seconds; left out");
        return null;
    }

    private GeoPoint? GeoOf(List<string> row, string locator)
    {
        if (_mapping.Latitude is not null)
        {
            var rawLat = _layout.Get(row, _mapping.Latitude);
            var rawLon = _layout.Get(row, _mapping.Longitude);
            if (rawLat is null && rawLon is null)
            {
                return null;
            }

            if (double.TryParse(rawLat, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && lat is >= -90 and <= 90
                && double.TryParse(rawLon, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && lon is >= -180 and <= 180)
            {
                return new GeoPoint(lat, lon);
            }

            _context.RecoveredRecord(locator, $"latitude '{rawLat}' / longitude '{rawLon}' not a valid position; Geo left out");
            return null;
        }

        if (_layout.Get(row, _mapping.Cell) is not { } cell)
        {
            return null;
        }

        if (_cells is null)
        {
            if (!_cellsMissingNoted)
            {
                _cellsMissingNoted = true;
                var table = _mapping.Antennas?.File;
                _context.Note(locator, table is null
                    ? $"cell ids present but the '{_mapping.Name}' mapping names no cell table; Geo left empty"
                    : $"cell ids present but no {table} beside the file; Geo left empty");
            }

            return null;
        }

        if (_cells.TryGetValue(cell, out var point))
        {
            return point;
        }

        _context.RecoveredRecord(locator, $"cell '{cell}' is not in the cell table; Geo left out");
        return null;
    }
}
