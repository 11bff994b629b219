using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EvidencePipe.Model;
using EvidencePipe.Readers.Json;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Location;

/// <summary>
/// Google location history as JSON, streamed (<see cref="JsonStreamWalker"/>), one <see cref="EventKind.Location"/> event per fix:
/// <list type="bullet">
/// <item>Takeout <c>Records.json</c> (and the older <c>Location History.json</c>): <c>locations[]</c> with
/// <c>latitudeE7</c>/<c>longitudeE7</c> (degrees × 10^7), <c>accuracy</c> (metres) and <c>timestamp</c> (RFC 3339) or, in
/// older exports, <c>timestampMs</c> (Unix milliseconds as a string). Locator <c>locations[N]</c>.</item>
/// <item>The Timeline export (on-device, since 2024, and its Takeout form <c>Timeline.json</c>): <c>semanticSegments[]</c> with
/// <c>startTime</c>/<c>endTime</c>, <c>timelinePath[]</c> points (<c>point</c>, <c>time</c>), a <c>visit</c>'s
/// <c>topCandidate.placeLocation</c> (at the segment's start) and an <c>activity</c>'s <c>start</c>/<c>end</c>; and
/// <c>rawSignals[].position</c> (<c>LatLng</c>, <c>accuracyMeters</c>, <c>timestamp</c>). Points are
/// <c>"51.5°, -0.12°"</c> or <c>"geo:51.5,-0.12"</c>. Locators are the JSON path (<c>semanticSegments[3].timelinePath[2]</c>).</item>
/// </list>
/// An E7 value outside the range that becomes valid once 2^32 is taken off (older exports wrote some as unsigned
/// 32-bit numbers) is recovered with a diagnostic; any other impossible coordinate is skipped with one.
/// </summary>
public sealed class GoogleLocationHistoryReader : IEvidenceReader
{
    public const string FormatName = "google-location-history-json";

    private const long TwoTo32 = 4_294_967_296;

    public string Format => FormatName;

    internal static JsonAction Decide(JsonPath path, JsonTokenType token)
    {
        if (path.Depth == 0)
        {
            return JsonAction.Descend;
        }

        if (path.Depth == 1)
        {
            return path.Name(0) is "locations" or "semanticSegments" or "rawSignals" && token == JsonTokenType.StartArray ? JsonAction.Descend : JsonAction.Skip;
        }

        return path.Depth == 2 ? JsonAction.Capture : JsonAction.Skip;
    }

    private static bool IsRecord(JsonPath path) => path.Depth == 2 && path.Name(1) is null;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = source.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var (document, path) in JsonMessageStream.ReadAsync(stream, Decide, IsRecord, JsonStreamWalker.DefaultMaxValueBytes, context,
                "no location records found (expected locations[], semanticSegments[] or rawSignals[])", cancellationToken).ConfigureAwait(false))
            {
                List<CommunicationEvent> events;
                using (document)
                {
                    var locator = path.ToString();
                    try
                    {
                        events = path.Name(0) switch
                        {
                            "locations" => Record(document.RootElement, locator, context),
                            "semanticSegments" => Segment(document.RootElement, locator, context),
                            _ => Signal(document.RootElement, locator, context),
                        };
                    }
                    catch (InvalidOperationException ex)
                    {
                        context.SkippedRecord(locator, $"unreadable record: {ex.Message}");
                        continue;
                    }
                }

                foreach (var e in events)
                {
                    yield return new EventRecord(e);
                }
            }
        }
    }

    private static List<CommunicationEvent> Record(JsonElement record, string locator, ReadContext context)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            context.SkippedRecord(locator, "not an object");
            return [];
        }

        var latE7 = record.Int64("latitudeE7");
        var lonE7 = record.Int64("longitudeE7");
        if (latE7 is null || lonE7 is null)
        {
            context.SkippedRecord(locator, "no latitudeE7/longitudeE7 integers: the record holds no position");
            return [];
        }

        if (E7(latE7.Value, 90, locator, "latitudeE7", context) is not { } lat || E7(lonE7.Value, 180, locator, "longitudeE7", context) is not { } lon)
        {
            return [];
        }

        EventTime time;
        if (LocationText.Instant(record.String("timestamp")) is { } instant)
        {
            time = EventTime.FromExplicit(instant);
        }
        else if (record.Int64("timestampMs") is { } ms && ms is > 0 and <= 253_402_300_799_999)
        {
            time = context.TimeZone.FromUnixMilliseconds(ms);
        }
        else
        {
            context.RecoveredRecord(locator, "no readable timestamp or timestampMs: the position is kept undated");
            time = EventTime.Undated;
        }

        var accuracy = record.Double("accuracy");
        return [LocationFix.Event(context.EventId(locator), time, lat, lon, accuracy, "Google location history record", context.Locate(locator))];
    }

    /// <summary>Degrees from an E7 integer; an unsigned-wrapped value is recovered, anything else out of range is refused.</summary>
    private static double? E7(long value, int limit, string locator, string field, ReadContext context)
    {
        var max = limit * 10_000_000L;
        if (value >= -max && value <= max)
        {
            return value / 1e7;
        }

        if (value > max && value - TwoTo32 >= -max && value - TwoTo32 <= max)
        {
            context.RecoveredRecord(locator, string.Create(CultureInfo.InvariantCulture, $"{field} {value} is out of range; read as a wrapped 32-bit value ({value - TwoTo32})"));
            return (value - TwoTo32) / 1e7;
        }

        context.SkippedRecord(locator, string.Create(CultureInfo.InvariantCulture, $"{field} {value} is not a coordinate (beyond ±{limit}°): the record is left out"));
        return null;
    }

    private static List<CommunicationEvent> Segment(JsonElement segment, string locator, ReadContext context)
    {
        var events = new List<CommunicationEvent>();
        if (segment.ValueKind != JsonValueKind.Object)
        {
            context.SkippedRecord(locator, "not an object");
            return events;
        }

        var start = LocationText.Instant(segment.String("startTime"));
        var end = LocationText.Instant(segment.String("endTime"));
        var i = 0;
        foreach (var point in segment.Array("timelinePath"))
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{locator}.timelinePath[{i++}]");
            var time = LocationText.Instant(point.String("time"));
            if (time is null && start is { } s && point.Double("durationMinutesOffsetFromStartTime") is { } minutes && double.IsFinite(minutes) && Math.Abs(minutes) < 1e7)
            {
                time = s.AddMinutes(minutes);
            }

            Add(events, point.String("point"), time, null, "timeline path point", at, context);
        }

        if (segment.Property("visit") is { } visit)
        {
            var candidate = visit.Property("topCandidate");
            var place = candidate?.Property("placeLocation");
            var text = place is { ValueKind: JsonValueKind.Object } p ? p.String("latLng") : place is { } q ? JsonValues.AsString(q) : null;
            var type = candidate?.String("semanticType");
            Add(events, text, start, null, type is null ? "timeline visit (start)" : $"timeline visit ({type}) (start)", locator + ".visit", context);
        }

        if (segment.Property("activity") is { } activity)
        {
            foreach (var (name, time) in new[] { ("start", start), ("end", end) })
            {
                if (activity.Property(name) is { } where)
                {
                    var text = where.ValueKind == JsonValueKind.Object ? where.String("latLng") : JsonValues.AsString(where);
                    Add(events, text, time, null, $"timeline activity {name}", $"{locator}.activity.{name}", context);
                }
            }
        }

        return events;
    }

    private static List<CommunicationEvent> Signal(JsonElement signal, string locator, ReadContext context)
    {
        var events = new List<CommunicationEvent>();
        if (signal.Property("position") is { ValueKind: JsonValueKind.Object } position)
        {
            Add(events, position.String("LatLng") ?? position.String("latLng"), LocationText.Instant(position.String("timestamp")),
                position.Double("accuracyMeters"), "timeline raw position", locator + ".position", context);
        }

        return events;
    }

    private static void Add(List<CommunicationEvent> events, string? pointText, DateTimeOffset? time, double? accuracy, string what, string locator, ReadContext context)
    {
        if (LocationText.Point(pointText) is not { } point)
        {
            context.SkippedRecord(locator, pointText is null ? "no point" : $"'{Short(pointText)}' is not a point (\"lat°, lon°\" or geo:lat,lon)");
            return;
        }

        if (!LocationFix.IsValid(point.Latitude, point.Longitude))
        {
            context.SkippedRecord(locator, string.Create(CultureInfo.InvariantCulture, $"{point.Latitude},{point.Longitude} is not a coordinate (latitude ±90°, longitude ±180°)"));
            return;
        }

        EventTime eventTime;
        if (time is { } t)
        {
            eventTime = EventTime.FromExplicit(t);
        }
        else
        {
            context.RecoveredRecord(locator, "no readable time: the position is kept undated");
            eventTime = EventTime.Undated;
        }

        events.Add(LocationFix.Event(context.EventId(locator), eventTime, point.Latitude, point.Longitude, accuracy, what, context.Locate(locator)));
    }

    private static string Short(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
