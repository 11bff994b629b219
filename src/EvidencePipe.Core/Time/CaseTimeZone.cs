using EvidencePipe.Model;

namespace EvidencePipe.Time;

/// <summary>
/// The case time zone (<c>--tz</c>, an IANA id such as <c>Europe/London</c>): interprets naive local
/// wall-clock times DST-correctly and flags local times that did not exist or happened twice.
/// </summary>
public sealed class CaseTimeZone
{
    private readonly TimeZoneInfo _zone;

    public CaseTimeZone(string ianaId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ianaId);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone))
        {
            throw new ArgumentException($"unknown time zone '{ianaId}' (expected an IANA id such as Europe/London)", nameof(ianaId));
        }

        _zone = zone;
        Id = ianaId;
    }

    public static CaseTimeZone Default { get; } = new("Europe/London");

    public string Id { get; }

    public TimeZoneInfo Zone => _zone;

    /// <summary>
    /// Interprets a wall-clock time in this zone. In a spring-forward gap the local time does not
    /// exist: it is read with the offset in force before the change (what the clock would have shown
    /// had it not jumped) and flagged. In a fall-back overlap the first occurrence (the earlier
    /// instant, summer-time offset) is taken and flagged.
    /// </summary>
    public EventTime FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        var flag = TimeAnomaly.None;
        if (_zone.IsInvalidTime(unspecified))
        {
            var before = _zone.GetUtcOffset(unspecified.AddDays(-1));
            var after = _zone.GetUtcOffset(unspecified.AddDays(1));
            offset = before < after ? before : after;
            flag = TimeAnomaly.Gap;
        }
        else if (_zone.IsAmbiguousTime(unspecified))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(unspecified);
            offset = offsets.Max();
            flag = TimeAnomaly.Ambiguous;
        }
        else
        {
            offset = _zone.GetUtcOffset(unspecified);
        }

        var utc = new DateTimeOffset(unspecified.Ticks - offset.Ticks, TimeSpan.Zero);
        return new EventTime(utc, offset, TimeBasis.NaiveLocal, Id, flag);
    }

    /// <summary>An epoch instant; the offset shown is the case zone's at that instant.</summary>
    public EventTime FromUnixMilliseconds(long milliseconds)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return new EventTime(utc, _zone.GetUtcOffset(utc), TimeBasis.Epoch, Id, TimeAnomaly.None);
    }

    /// <summary>
    /// A file system modification time standing in where the content states no time at all; basis
    /// <see cref="TimeBasis.FileModified"/>, never <see cref="TimeBasis.Epoch"/>, so no export presents it as a record's own time.
    /// </summary>
    public EventTime FromFileModified(DateTimeOffset modified)
    {
        var utc = modified.ToUniversalTime();
        return new EventTime(utc, _zone.GetUtcOffset(utc), TimeBasis.FileModified, Id, TimeAnomaly.None);
    }

    /// <summary>The UTC instant at which the given case-local calendar date begins.</summary>
    public DateTimeOffset StartOfDay(DateOnly date) => FromLocal(date.ToDateTime(TimeOnly.MinValue)).Utc;
}
