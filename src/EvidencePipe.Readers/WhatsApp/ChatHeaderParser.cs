using System.Globalization;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Recognises WhatsApp export message headers. Layouts (as exported by the apps; there is no
/// published specification, these follow real exports in fixtures/whatsapp and chat-miner's tests):
/// <list type="bullet">
/// <item>Android: <c>dd/mm/yy, HH:MM - Name: text</c>, German <c>16.02.21, 22:10 - </c>, <c>2019/01/30, 20:49 - </c>, 12-hour <c>08:49 p. m. - </c>.</item>
/// <item>iOS: <c>[dd/mm/yyyy, HH:MM:SS] Name: text</c>, 12-hour <c>[1/2/23, 9:05:07 PM]</c>.</item>
/// </list>
/// Lines must already be cleaned by <see cref="WhatsAppText.Clean"/> (no bidi marks, plain spaces).
/// </summary>
internal static partial class ChatHeaderParser
{
    // The start of a header without its end: a damaged or truncated header, or text that quotes a date.
    private const string HeaderLikePattern =
        @"^(?:\[[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}|[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}\.?,? [0-9])";

    /// <summary>
    /// Parses a header by hand, on the line's characters, because it runs on every line of both
    /// passes. The grammar is exactly this regular expression (the reader's original definition),
    /// with <c>.</c> not matching LF, <c>$</c> matching at the end or before a final LF, and ␠ a
    /// literal space (other spaces only lay the pattern out):
    /// <code>
    /// D = (?&lt;d1&gt;[0-9]{1,4})[./-](?&lt;d2&gt;[0-9]{1,2})[./-](?&lt;d3&gt;[0-9]{1,4})\.?
    /// T = (?&lt;h&gt;[0-9]{1,2})[:.](?&lt;mi&gt;[0-9]{2})(?:[:.](?&lt;s&gt;[0-9]{2}))?(?:␠?(?&lt;ampm&gt;[AaPp]\.?␠?[Mm]\.?|vorm\.|nachm\.))?
    /// ^(?:\[ D ,?␠ T \]␠?(?&lt;body&gt;.*) | D ,?␠ T ␠[-–](?:␠(?&lt;body&gt;.*))?)$
    /// </code>
    /// Every part of it is decided by the next character (a digit run must end at a separator, an
    /// optional part is only worth skipping when what follows could not match anyway), so a single
    /// left-to-right scan accepts the same lines and finds the same groups as the backtracking match.
    /// </summary>
    public static ChatHeader Parse(ReadOnlySpan<char> line)
    {
        if (!TryMatch(line, out var m))
        {
            return default;
        }

        var g1 = line[m.D1];
        var g2 = line[m.D2];
        var g3 = line[m.D3];
        if (!TryTime(line, m, out var time, out var timeProblem))
        {
            return new ChatHeader(HeaderKind.Invalid, null, null, default, m.D1, m.D2, m.D3, m.Body, timeProblem);
        }

        var n1 = int.Parse(g1, CultureInfo.InvariantCulture);
        var n2 = int.Parse(g2, CultureInfo.InvariantCulture);
        var n3 = int.Parse(g3, CultureInfo.InvariantCulture);
        DateOnly? dayFirst;
        DateOnly? monthFirst;
        if (g1.Length == 4)
        {
            // yyyy/mm/dd: no locale writes yyyy/dd/mm, so both readings are the same date.
            dayFirst = monthFirst = g3.Length <= 2 ? TryDate(n1, n2, n3) : null;
        }
        else if (g3.Length is 2 or 4 && g1.Length <= 2)
        {
            // Two-digit years: WhatsApp dates from 2009, so yy means 20yy.
            var year = g3.Length == 2 ? 2000 + n3 : n3;
            dayFirst = TryDate(year, n2, n1);
            monthFirst = TryDate(year, n1, n2);
        }
        else
        {
            dayFirst = monthFirst = null;
        }

        if (dayFirst is null && monthFirst is null)
        {
            var header = new ChatHeader(HeaderKind.Invalid, null, null, time, m.D1, m.D2, m.D3, m.Body, null);
            return header with { Problem = $"'{header.DateText(line)}' is not a calendar date in either day/month order" };
        }

        return new ChatHeader(HeaderKind.Valid, dayFirst, monthFirst, time, m.D1, m.D2, m.D3, m.Body, null);
    }

    /// <summary>True for a line that starts like a header but is not one (see <see cref="HeaderLikePattern"/>).</summary>
    public static bool LooksLikeHeader(ReadOnlySpan<char> line) => HeaderLikeRegex().IsMatch(line);

    private static bool TryMatch(ReadOnlySpan<char> s, out Groups m)
    {
        m = default;
        var bracket = s.Length > 0 && s[0] == '[';
        var i = bracket ? 1 : 0;

        // D: digit runs must end at the separator, so a run longer than allowed cannot match.
        if (!Run(s, ref i, 4, out m.D1) || !At(s, i++, '.', '/', '-') || !Run(s, ref i, 2, out m.D2) || !At(s, i++, '.', '/', '-') || !Run(s, ref i, 4, out m.D3))
        {
            return false;
        }

        i += At(s, i, '.') ? 1 : 0;
        i += At(s, i, ',') ? 1 : 0;
        if (!At(s, i, ' '))
        {
            return false;
        }

        // T: the minutes and seconds are exactly two digits; anything left over fails at the end.
        i++;
        if (!Run(s, ref i, 2, out m.Hour) || !At(s, i, ':', '.') || !Digits2(s, i + 1))
        {
            return false;
        }

        m.Minute = (i + 1)..(i + 3);
        i += 3;
        if (At(s, i, ':', '.') && Digits2(s, i + 1))
        {
            m.Second = (i + 1)..(i + 3);
            i += 3;
        }

        // The optional marker is tried first; without it the end must match right after the time.
        var markerStart = At(s, i, ' ') ? i + 1 : i;
        if (Marker(s, markerStart) is var markerEnd and >= 0 && End(s, markerEnd, bracket, out m.Body))
        {
            m.Marker = markerStart..markerEnd;
            return true;
        }

        return End(s, i, bracket, out m.Body);
    }

    /// <summary>A maximal run of 1..<paramref name="max"/> ASCII digits at <paramref name="i"/>, which moves past it.</summary>
    private static bool Run(ReadOnlySpan<char> s, ref int i, int max, out Range run)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        run = start..i;
        return i > start && i - start <= max;
    }

    private static bool Digits2(ReadOnlySpan<char> s, int i) => i + 1 < s.Length && char.IsAsciiDigit(s[i]) && char.IsAsciiDigit(s[i + 1]);

    private static bool At(ReadOnlySpan<char> s, int i, char c) => i < s.Length && s[i] == c;

    private static bool At(ReadOnlySpan<char> s, int i, char a, char b) => i < s.Length && (s[i] == a || s[i] == b);

    private static bool At(ReadOnlySpan<char> s, int i, char a, char b, char c) => i < s.Length && (s[i] == a || s[i] == b || s[i] == c);

    /// <summary>End of an AM/PM marker (<c>[AaPp]\.? ?[Mm]\.?|vorm\.|nachm\.</c>) starting at <paramref name="i"/>, or -1.</summary>
    private static int Marker(ReadOnlySpan<char> s, int i)
    {
        var rest = s[Math.Min(i, s.Length)..];
        if (rest.StartsWith("vorm.", StringComparison.Ordinal))
        {
            return i + 5;
        }

        if (rest.StartsWith("nachm.", StringComparison.Ordinal))
        {
            return i + 6;
        }

        if (!At(s, i, 'A', 'a') && !At(s, i, 'P', 'p'))
        {
            return -1;
        }

        i++;
        i += At(s, i, '.') ? 1 : 0;
        i += At(s, i, ' ') ? 1 : 0;
        if (!At(s, i, 'M', 'm'))
        {
            return -1;
        }

        i++;
        return i + (At(s, i, '.') ? 1 : 0);
    }

    /// <summary>
    /// What follows the time: <c>\] ?(?&lt;body&gt;.*)$</c> in the bracketed (iOS) layout, else
    /// <c>␠[-–](?:␠(?&lt;body&gt;.*))?$</c>; an absent body is empty.
    /// </summary>
    private static bool End(ReadOnlySpan<char> s, int i, bool bracket, out Range body)
    {
        body = default;
        if (bracket)
        {
            if (!At(s, i, ']'))
            {
                return false;
            }

            i++;
            return Rest(s, At(s, i, ' ') ? i + 1 : i, out body);
        }

        if (!At(s, i, ' ') || !At(s, i + 1, '-', '–'))
        {
            return false;
        }

        i += 2;
        if (At(s, i, ' ') && Rest(s, i + 1, out body))
        {
            return true;
        }

        body = i..i;
        return AtEnd(s, i);
    }

    /// <summary><c>.*$</c> from <paramref name="i"/>: the rest of the line, which may end in one LF but not hold one.</summary>
    private static bool Rest(ReadOnlySpan<char> s, int i, out Range body)
    {
        var newline = s[i..].IndexOf('\n');
        var end = newline < 0 ? s.Length : i + newline;
        body = i..end;
        return AtEnd(s, end);
    }

    /// <summary><c>$</c> without RegexOptions.Multiline: the end of the text, or just before a final LF.</summary>
    private static bool AtEnd(ReadOnlySpan<char> s, int i) => i == s.Length || (i == s.Length - 1 && s[i] == '\n');

    private static bool TryTime(ReadOnlySpan<char> line, Groups m, out TimeOnly time, out string? problem)
    {
        time = default;
        var hour = int.Parse(line[m.Hour], CultureInfo.InvariantCulture);
        var minute = int.Parse(line[m.Minute], CultureInfo.InvariantCulture);
        var second = m.Second is { } s ? int.Parse(line[s], CultureInfo.InvariantCulture) : 0;
        if (m.Marker is { } markerRange)
        {
            var marker = line[markerRange];
            var pm = marker[0] is 'p' or 'P' or 'n';
            if (hour > 12 || (hour == 0 && pm))
            {
                problem = $"hour {hour} with the 12-hour marker '{marker}'";
                return false;
            }

            // 12 a.m. is midnight, 12 p.m. is noon; "00:08 a. m." (seen in Spanish exports) is 00:08.
            hour = pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            problem = $"time {hour:00}:{minute:00}:{second:00} is out of range";
            return false;
        }

        time = new TimeOnly(hour, minute, second);
        problem = null;
        return true;
    }

    private static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    [GeneratedRegex(HeaderLikePattern, RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLikeRegex();

    /// <summary>Where the groups of a header match lie in the line.</summary>
    private struct Groups
    {
        public Range D1;
        public Range D2;
        public Range D3;
        public Range Hour;
        public Range Minute;
        public Range? Second;
        public Range? Marker;
        public Range Body;
    }
}
