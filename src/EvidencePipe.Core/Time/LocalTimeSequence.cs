using EvidencePipe.Model;

namespace EvidencePipe.Time;

/// <summary>
/// Naive local times read in a source's line order (a chat export, a CDR): in the hour the clocks go
/// back each wall-clock time happened twice, and on its own a time is read as the first occurrence.
/// Lines are written as they happen, so when the first reading would put a line before the line above
/// it while the second would not, the clock visibly went back and the second occurrence is taken
/// (01:50, then 01:05 → 01:05 after the change). Either way the time is flagged. One per source,
/// one thread.
/// </summary>
public sealed class LocalTimeSequence(CaseTimeZone zone)
{
    private DateTimeOffset? _previous;

    public EventTime Next(DateTime local)
    {
        var later = false;
        if (_previous is { } previous && zone.IsRepeated(local, out var first, out var second))
        {
            later = first < previous && second >= previous;
        }

        var time = zone.FromLocal(local, later);
        _previous = time.Utc;
        return time;
    }
}
