using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Time;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Start times as the mapping says they are written: epoch counts (<c>unix</c>, <c>unix-ms</c>),
/// or wall-clock text placed at the mapping's fixed offset, in its zone, or else in the case zone.
/// </summary>
internal sealed class CdrTime
{
    private readonly CdrMapping _mapping;
    private readonly CaseTimeZone _zone;
    private readonly TimeSpan? _offset;
    private readonly string[] _textFormats;

    public CdrTime(CdrMapping mapping, CaseTimeZone caseZone)
    {
        _mapping = mapping;
        _zone = mapping.TimeZone is { } id ? new CaseTimeZone(id) : caseZone;
        _offset = mapping.UtcOffset is { } o ? ParseOffset(o) : null;
        _textFormats = [.. mapping.StartFormats.Where(f => f is not ("unix" or "unix-ms"))];
    }

    public EventTime? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        foreach (var format in _mapping.StartFormats)
        {
            if (format is "unix" or "unix-ms" && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                var ms = format == "unix" ? count * 1000 : count;
                return ms is > -62_135_596_800_000 and < 253_402_300_800_000 ? _zone.FromUnixMilliseconds(ms) : null;
            }
        }

        if (!DateTime.TryParseExact(raw.Trim(), _textFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            return null;
        }

        return _offset is { } offset ? EventTime.FromExplicit(new DateTimeOffset(wall, offset)) : _zone.FromLocal(wall);
    }

    /// <summary>Whether <paramref name="raw"/> is a start time in one of the mapping's formats (for sniffing).</summary>
    public static bool Fits(CdrMapping mapping, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        foreach (var format in mapping.StartFormats)
        {
            if (format is "unix" or "unix-ms" ? long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                : DateTime.TryParseExact(raw.Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan ParseOffset(string value)
    {
        var negative = value.StartsWith('-');
        var span = TimeSpan.Parse(value.TrimStart('+', '-'), CultureInfo.InvariantCulture);
        return negative ? -span : span;
    }
}
