using System.Globalization;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Parses Exif date strings (Exif 2.32 §4.6.5: <c>YYYY:MM:DD HH:MM:SS</c>, blanks or zeros when
/// unknown; OffsetTime* tags: <c>±HH:MM</c>). Also accepts what real writers add: fractional
/// seconds and an inline offset (<c>2021:05:16 12:27:36.107-07:00</c>), and ISO-8601 dashes.
/// </summary>
internal static class ExifDateText
{
    public static bool TryParse(string? text, out DateTime local, out TimeSpan? offset)
    {
        local = default;
        offset = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().TrimEnd('\0').Trim();
        if (s.Length < 19)
        {
            return false;
        }

        // Normalise the date separators so one pattern serves Exif and ISO-8601 spellings.
        Span<char> head = stackalloc char[19];
        s.AsSpan(0, 19).CopyTo(head);
        head[4] = ':';
        head[7] = ':';
        head[10] = ' ';
        if (!TryReadFixed(head, out local) && !DateTime.TryParseExact(head, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            return false;
        }

        var rest = s.AsSpan(19);
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            local = local.Add(Fraction(rest[1..digits]));
            rest = rest[digits..];
        }

        rest = rest.Trim();
        if (rest.Length > 0)
        {
            if (!TryParseOffset(rest.ToString(), out var parsed))
            {
                return false;
            }

            offset = parsed;
        }

        return true;
    }

    /// <summary>
    /// The common case read by hand: <c>YYYY:MM:DD HH:MM:SS</c>, every digit an ASCII digit and every field in range.
    /// It accepts only text the exact parse above accepts with the same result (that parse reads exactly 4/2 ASCII
    /// digits per field, and DateTime rejects month 0 or 13, day past the month, hour 24, second 60), so anything else
    /// falls through to it unchanged; culture-aware format matching was ~6 % of a photo's metadata CPU (issue 18).
    /// </summary>
    private static bool TryReadFixed(ReadOnlySpan<char> head, out DateTime value)
    {
        value = default;
        if (head.Length != 19 || head[10] != ' ' || head[13] != ':' || head[16] != ':' || !TryReadDay(head[..10], out var day)
            || !Digits(head.Slice(11, 2), out var hour) || !Digits(head.Slice(14, 2), out var minute) || !Digits(head.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = day.Add(new TimeSpan(hour, minute, second));
        return true;
    }

    /// <summary>
    /// A GPSDateStamp (Exif 2.32 §4.6.6, tag 0x001D: ASCII <c>YYYY:MM:DD</c>, its NUL already cut by the TIFF reader) read
    /// by hand, blanks around it allowed as MetadataExtractor allows them; false for anything else, which the caller
    /// leaves to MetadataExtractor. Its own parse of the tag (DirectoryExtensions.TryGetDateTime) matches 29 patterns
    /// culture-aware, in the process's current culture: under a culture with another calendar (ar-SA: Umm al-Qura) it
    /// read no GPS date at all.
    /// </summary>
    public static bool TryReadDateStamp(string? text, out DateTime date) => TryReadDay(text.AsSpan().Trim(), out date);

    /// <summary><c>YYYY:MM:DD</c>, every digit an ASCII digit and the day one of its month's (the date of both forms above).</summary>
    private static bool TryReadDay(ReadOnlySpan<char> text, out DateTime day)
    {
        day = default;
        if (text.Length != 10 || text[4] != ':' || text[7] != ':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var dayOfMonth)
            || year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        day = new DateTime(year, month, dayOfMonth, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>An Exif OffsetTime value (<c>+02:00</c>, <c>-04:00</c>) or <c>Z</c>.</summary>
    public static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        var s = text?.Trim().TrimEnd('\0').Trim();
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        if (s is "Z" or "z")
        {
            offset = TimeSpan.Zero;
            return true;
        }

        if (s.Length < 5 || (s[0] != '+' && s[0] != '-'))
        {
            return false;
        }

        var body = s.AsSpan(1).ToString().Replace(":", string.Empty, StringComparison.Ordinal);
        if (body.Length != 4 || !int.TryParse(body.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(body.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (s[0] == '-' ? -1 : 1);
        return true;
    }

    /// <summary>Exif SubSecTime* digits (<c>277</c> = 0.277 s); invalid text adds nothing.</summary>
    public static TimeSpan Fraction(ReadOnlySpan<char> digits)
    {
        digits = digits.Trim().TrimEnd('\0').Trim();
        if (digits.Length > 7)
        {
            digits = digits[..7]; // DateTime resolution is 100 ns
        }

        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return TimeSpan.Zero;
            }

            scale /= 10;
            ticks += (c - '0') * scale;
        }

        return TimeSpan.FromTicks(ticks);
    }
}
