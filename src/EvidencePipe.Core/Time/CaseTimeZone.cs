using EvidencePipe.Model;
using NodaTime;
using NodaTime.TimeZones;

namespace EvidencePipe.Time;

/// <summary>
/// The case time zone (<c>--tz</c>, an IANA id such as <c>Europe/London</c>), from the TZDB that
/// NodaTime 3.3.7 carries inside its assembly — never the host's tzdata — so the same evidence gives
/// the same UTC instants on every lab machine. The TZDB release is recorded in the case
/// (<see cref="TzdbVersion"/>). Interprets naive local wall-clock times DST-correctly and flags local
/// times that did not exist or happened twice.
/// </summary>
public sealed class CaseTimeZone
{
    private static readonly IDateTimeZoneProvider Provider = DateTimeZoneProviders.Tzdb;

    private readonly DateTimeZone _zone;

    public CaseTimeZone(string ianaId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ianaId);
        _zone = Provider.GetZoneOrNull(ianaId)
            ?? throw new ArgumentException($"unknown time zone '{ianaId}' (expected an IANA id such as Europe/London)", nameof(ianaId));
        Id = ianaId;
    }

    public static CaseTimeZone Default { get; } = new("Europe/London");

    /// <summary>The bundled TZDB release (<c>2025b</c>), recorded in the case as <c>tzdb_version</c>.</summary>
    public static string TzdbVersion { get; } = TzdbDateTimeZoneSource.Default.TzdbVersion;

    public string Id { get; }

    public static bool IsKnown(string ianaId) => Provider.GetZoneOrNull(ianaId) is not null;

    /// <summary>
    /// Interprets a wall-clock time in this zone. In a spring-forward gap the local time does not
    /// exist: it is read with the offset in force before the change (what the clock would have shown
    /// had it not jumped) and flagged. In a fall-back overlap the first occurrence (the earlier
    /// instant, summer-time offset) is taken and flagged; <see cref="LocalTimeSequence"/> takes the
    /// second where a source's line order shows the clock went back.
    /// </summary>
    public EventTime FromLocal(DateTime local) => FromLocal(local, laterOccurrence: false);

    /// <summary>As <see cref="FromLocal(DateTime)"/>, choosing the later instant of a repeated local time when asked.</summary>
    public EventTime FromLocal(DateTime local, bool laterOccurrence)
    {
        var mapping = _zone.MapLocal(LocalDateTime.FromDateTime(local));
        Offset offset;
        var flag = TimeAnomaly.None;
        switch (mapping.Count)
        {
            case 0:
                offset = mapping.EarlyInterval.WallOffset;
                flag = TimeAnomaly.Gap;
                break;
            case 1:
                offset = mapping.EarlyInterval.WallOffset;
                break;
            default:
                offset = laterOccurrence ? mapping.LateInterval.WallOffset : mapping.EarlyInterval.WallOffset;
                flag = laterOccurrence ? TimeAnomaly.AmbiguousLater : TimeAnomaly.Ambiguous;
                break;
        }

        var span = offset.ToTimeSpan();
        var utc = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified).Ticks - span.Ticks, TimeSpan.Zero);
        return new EventTime(utc, span, TimeBasis.NaiveLocal, Id, flag);
    }

    /// <summary>Whether a wall-clock time happened twice (the hour clocks go back), with both readings.</summary>
    public bool IsRepeated(DateTime local, out DateTimeOffset earlier, out DateTimeOffset later)
    {
        var mapping = _zone.MapLocal(LocalDateTime.FromDateTime(local));
        if (mapping.Count == 2)
        {
            earlier = mapping.First().ToDateTimeOffset().ToUniversalTime();
            later = mapping.Last().ToDateTimeOffset().ToUniversalTime();
            return true;
        }

        earlier = later = default;
        return false;
    }

    /// <summary>Whether a wall-clock time fell in a spring-forward gap (never shown by a clock).</summary>
    public bool IsSkipped(DateTime local) => _zone.MapLocal(LocalDateTime.FromDateTime(local)).Count == 0;

    /// <summary>An epoch instant; the offset shown is the case zone's at that instant.</summary>
    public EventTime FromUnixMilliseconds(long milliseconds)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return new EventTime(utc, OffsetAt(utc), TimeBasis.Epoch, Id, TimeAnomaly.None);
    }

    /// <summary>
    /// A file system modification time standing in where the content states no time at all; basis
    /// <see cref="TimeBasis.FileModified"/>, never <see cref="TimeBasis.Epoch"/>, so no export presents it as a record's own time.
    /// </summary>
    public EventTime FromFileModified(DateTimeOffset modified)
    {
        var utc = modified.ToUniversalTime();
        return new EventTime(utc, OffsetAt(utc), TimeBasis.FileModified, Id, TimeAnomaly.None);
    }

    /// <summary>The zone's UTC offset at an instant.</summary>
    public TimeSpan OffsetAt(DateTimeOffset instant) => _zone.GetUtcOffset(Instant.FromDateTimeOffset(instant)).ToTimeSpan();

    /// <summary>An instant as the wall-clock time in this zone, with the offset then in force.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(OffsetAt(instant));

    /// <summary>The UTC instant at which the given case-local calendar date begins.</summary>
    public DateTimeOffset StartOfDay(DateOnly date) => FromLocal(date.ToDateTime(TimeOnly.MinValue)).Utc;
}
