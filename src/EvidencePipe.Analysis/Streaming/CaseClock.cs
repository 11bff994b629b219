using EvidencePipe.Time;

namespace EvidencePipe.Analysis.Streaming;

/// <summary>
/// Local calendar day and hour of UTC instants in the case zone, cached per 15-minute UTC block:
/// zone offsets and their transitions fall on 15-minute multiples (IANA tzdb since 1970), so the
/// local day and hour cannot change inside a block, and a time-ordered stream converts once per block.
/// </summary>
internal sealed class CaseClock(CaseTimeZone zone)
{
    private const long BlockMs = 15 * 60_000L;
    private long _block = long.MinValue;
    private int _day;
    private int _hour;

    public CaseTimeZone Zone { get; } = zone;

    /// <summary>The local day (<see cref="DateOnly.DayNumber"/>) and hour of <paramref name="ms"/>.</summary>
    public (int Day, int Hour) Local(long ms)
    {
        var block = Math.DivRem(ms, BlockMs, out var rem) - (rem < 0 ? 1 : 0);
        if (block != _block)
        {
            var local = Zone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(block * BlockMs)).DateTime;
            _block = block;
            _day = DateOnly.FromDateTime(local).DayNumber;
            _hour = local.Hour;
        }

        return (_day, _hour);
    }

    public DateOnly Date(long ms) => DateOnly.FromDayNumber(Local(ms).Day);

    public long StartOfDayMs(DateOnly day) => Zone.StartOfDay(day).ToUnixTimeMilliseconds();
}
