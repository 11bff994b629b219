using System.Globalization;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Recognises WhatsApp export message headers. Layouts (as exported by the apps; there is no
/// published specification, these follow real exports in fixtures/whatsapp and chat-miner's and
/// whats_json's tests):
/// <list type="bullet">
/// <item>Android: <c>dd/mm/yy, HH:MM - Name: text</c>, German <c>16.02.21, 22:10 - </c>, <c>2019/01/30, 20:49 - </c>, 12-hour <c>08:49 p. m. - </c>.</item>
/// <item>iOS: <c>[dd/mm/yyyy, HH:MM:SS] Name: text</c>, 12-hour <c>[1/2/23, 9:05:07 PM]</c>.</item>
/// <item>Any locale's decimal digits (Arabic-Indic <c>٢٤/٤/٢٠٢٢، ٢:٠٧ م - </c>, Persian, Devanagari…), the Arabic comma.</item>
/// <item>Buddhist-era years (<c>[3/18/2565 BE, 14:56:01]</c>, or a bare year 2552–2643: CE 2009–2100, before which WhatsApp did not exist)
/// and Japanese-era years (<c>[3/18/R4, 14:56:01]</c>: Reiwa 4 = 2022; <c>H</c> Heisei).</item>
/// <item>AM/PM words after or before the time in the scripts the app writes them in (<c>ص</c>/<c>م</c>, <c>ق.ظ.</c>/<c>ب.ظ.</c>,
/// <c>上午</c>/<c>下午</c>, <c>午前</c>/<c>午後</c>, <c>오전</c>/<c>오후</c>, <c>पूर्वाह्न</c>/<c>अपराह्न</c>, <c>π.μ.</c>/<c>μ.μ.</c>), dotted dates with spaces (<c>2020. 12. 25. 14:05 - </c>).</item>
/// <item>Time before date (WhatsApp's copied-messages layout): <c>[14:05, 25/12/2020] Name: text</c>, <c>14:05, 25/12/2020 - Name: text</c>.</item>
/// </list>
/// Lines must already be cleaned by <see cref="WhatsAppText.Clean"/> (no bidi marks, plain spaces).
/// </summary>
internal static partial class ChatHeaderParser
{
    // The start of a header without its end: a damaged or truncated header, or text that quotes a date.
    private const string HeaderLikePattern =
        @"^(?:\[[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}|[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}\.?,? [0-9])";

    /// <summary>Reiwa 1 is 2019, Heisei 1 is 1989 (the era's first year is 1, so the base is one less).</summary>
    private const int ReiwaBase = 2018;

    private const int HeiseiBase = 1988;

    /// <summary>Thai solar calendar: Buddhist Era year − 543 = Common Era year.</summary>
    private const int BuddhistOffset = 543;

    /// <summary>
    /// AM/PM words other than the Latin <c>[AaPp]\.? ?[Mm]\.?</c>, with whether each means afternoon.
    /// Longest first where one is a prefix of another.
    /// </summary>
    private static readonly (string Text, bool Pm)[] Markers =
    [
        ("nachm.", true), ("vorm.", false),
        ("ق.ظ.", false), ("ب.ظ.", true), ("ص", false), ("م", true),
        ("上午", false), ("下午", true), ("午前", false), ("午後", true), ("오전", false), ("오후", true),
        ("पूर्वाह्न", false), ("अपराह्न", true), ("π.μ.", false), ("μ.μ.", true),
    ];

    /// <summary>
    /// Parses a header by hand, on the line's characters, because it runs on every line of both
    /// passes. The date-first grammar, with <c>\d</c> any Unicode decimal digit, <c>.</c> not matching
    /// LF, <c>$</c> matching at the end or before a final LF, ␠ a literal space and W one of
    /// <see cref="Markers"/> (other spaces only lay the pattern out):
    /// <code>
    /// S = [./-](?&lt;=\.)␠?   (a dot may be followed by one space)
    /// D = (?&lt;d1&gt;\d{1,4}) S (?&lt;d2&gt;\d{1,2}) S (?&lt;d3&gt;[RH]?\d{1,4})(?:␠BE)?\.?
    /// M = [AaPp]\.?␠?[Mm]\.? | W
    /// T = (?:M␠?)?(?&lt;h&gt;\d{1,2})[:.](?&lt;mi&gt;\d{2})(?:[:.](?&lt;s&gt;\d{2}))?(?:␠?M)?
    /// ^(?:\[ D [,،]?␠ T \]␠?(?&lt;body&gt;.*) | D [,،]?␠ T ␠[-–](?:␠(?&lt;body&gt;.*))?)$
    /// </code>
    /// and the time-first grammar is the same with <c>T [,،]?␠ D</c> in place of <c>D [,،]?␠ T</c>.
    /// Every part is decided by the next character (a digit run must end at a separator, an optional
    /// part is only worth skipping when what follows could not match anyway), so a single
    /// left-to-right scan accepts the lines the grammar describes.
    /// </summary>
    public static ChatHeader Parse(ReadOnlySpan<char> line)
    {
        if (!TryMatch(line, out var m))
        {
            return default;
        }

        var g1 = line[m.D1];
        var g2 = line[m.D2];
        var g3 = line[m.Year];
        if (!TryTime(line, m, out var time, out var timeProblem))
        {
            return new ChatHeader(HeaderKind.Invalid, null, null, default, m.D1, m.D2, m.D3, m.Body, timeProblem);
        }

        var n1 = Number(g1);
        var n2 = Number(g2);
        var n3 = Number(g3);
        DateOnly? dayFirst;
        DateOnly? monthFirst;
        if (m.Era != Era.None && g1.Length <= 2 && g3.Length <= 2 && n3 >= 1)
        {
            // Japanese era years count from 1; the era letter was checked by the scanner.
            var year = (m.Era == Era.Reiwa ? ReiwaBase : HeiseiBase) + n3;
            dayFirst = TryDate(year, n2, n1);
            monthFirst = TryDate(year, n1, n2);
        }
        else if (m.Era != Era.None)
        {
            dayFirst = monthFirst = null;
        }
        else if (g1.Length == 4)
        {
            // yyyy/mm/dd: no locale writes yyyy/dd/mm, so both readings are the same date.
            dayFirst = monthFirst = g3.Length <= 2 ? TryDate(Gregorian(n1, m.Buddhist), n2, n3) : null;
        }
        else if (g3.Length is 2 or 4 && g1.Length <= 2)
        {
            // Two-digit years: WhatsApp dates from 2009, so yy means 20yy.
            var year = g3.Length == 2 ? 2000 + n3 : Gregorian(n3, m.Buddhist);
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

    /// <summary>
    /// A Buddhist-era year (marked "BE", or 2552–2643 unmarked: no Gregorian export is dated there) as
    /// a Common Era year; any other year unchanged.
    /// </summary>
    private static int Gregorian(int year, bool buddhist) =>
        buddhist || year is >= 2009 + BuddhistOffset and <= 2100 + BuddhistOffset ? year - BuddhistOffset : year;

    /// <summary>True for a line that starts like a header but is not one (see <see cref="HeaderLikePattern"/>).</summary>
    public static bool LooksLikeHeader(ReadOnlySpan<char> line) => HeaderLikeRegex().IsMatch(line);

    private static bool TryMatch(ReadOnlySpan<char> s, out Groups m)
    {
        m = default;
        var bracket = s.Length > 0 && s[0] == '[';
        var i = bracket ? 1 : 0;
        if (Date(s, ref i, ref m))
        {
            return Separator(s, ref i) && Time(s, ref i, ref m, timeFirst: false) && Finish(s, i, bracket, ref m);
        }

        // Time first: the layout WhatsApp writes when messages are copied rather than exported.
        m = default;
        i = bracket ? 1 : 0;
        return Time(s, ref i, ref m, timeFirst: true) && Separator(s, ref i) && Date(s, ref i, ref m) && End(s, i, bracket, out m.Body);
    }

    /// <summary>D: the three date fields, an optional era, an optional final dot.</summary>
    private static bool Date(ReadOnlySpan<char> s, ref int i, ref Groups m)
    {
        // Digit runs must end at the separator, so a run longer than allowed cannot match.
        if (!Run(s, ref i, 4, out m.D1) || !DateSeparator(s, ref i) || !Run(s, ref i, 2, out m.D2) || !DateSeparator(s, ref i))
        {
            return false;
        }

        var start = i;
        if (At(s, i, 'R', 'H') && i + 1 < s.Length && IsDigit(s[i + 1]))
        {
            m.Era = s[i] == 'R' ? Era.Reiwa : Era.Heisei;
            i++;
        }

        if (!Run(s, ref i, 4, out m.Year))
        {
            return false;
        }

        m.D3 = start..i;
        if (m.Era == Era.None && s[i..].StartsWith(" BE", StringComparison.Ordinal))
        {
            m.Buddhist = true;
            i += 3;
        }

        i += At(s, i, '.') ? 1 : 0;
        return true;
    }

    /// <summary><c>[./-]</c>, and after a dot one optional space (Korean and Hungarian write <c>2020. 12. 25.</c>).</summary>
    private static bool DateSeparator(ReadOnlySpan<char> s, ref int i)
    {
        if (!At(s, i, '.', '/', '-'))
        {
            return false;
        }

        i += s[i] == '.' && At(s, i + 1, ' ') ? 2 : 1;
        return true;
    }

    /// <summary><c>[,،]?␠</c> between the date and the time.</summary>
    private static bool Separator(ReadOnlySpan<char> s, ref int i)
    {
        i += At(s, i, ',', '\u060C') ? 1 : 0;
        if (!At(s, i, ' '))
        {
            return false;
        }

        i++;
        return true;
    }

    /// <summary>
    /// T: an optional leading marker (East Asian layouts) and the time. A trailing marker is taken here
    /// only in the time-first layout (where the date must follow it); date-first headers leave it to
    /// <see cref="Finish"/>, which tries it against the end of the header.
    /// </summary>
    private static bool Time(ReadOnlySpan<char> s, ref int i, ref Groups m, bool timeFirst)
    {
        if (WordMarker(s, i) is { End: >= 0 } before)
        {
            m.Marker = i..before.End;
            m.Pm = before.Pm;
            i = At(s, before.End, ' ') ? before.End + 1 : before.End;
        }

        // The minutes and seconds are exactly two digits; anything left over fails at the end.
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

        if (timeFirst && m.Marker is null)
        {
            var markerStart = At(s, i, ' ') ? i + 1 : i;
            if (Marker(s, markerStart) is { End: >= 0 } after)
            {
                var probe = after.End;
                if (Separator(s, ref probe))
                {
                    m.Marker = markerStart..after.End;
                    m.Pm = after.Pm;
                    i = after.End;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The end of a date-first header: the optional marker is tried first; without it the end must
    /// match right after the time.
    /// </summary>
    private static bool Finish(ReadOnlySpan<char> s, int i, bool bracket, ref Groups m)
    {
        if (m.Marker is null)
        {
            var markerStart = At(s, i, ' ') ? i + 1 : i;
            if (Marker(s, markerStart) is { End: >= 0 } marker && End(s, marker.End, bracket, out m.Body))
            {
                m.Marker = markerStart..marker.End;
                m.Pm = marker.Pm;
                return true;
            }
        }

        return End(s, i, bracket, out m.Body);
    }

    /// <summary>A maximal run of 1..<paramref name="max"/> decimal digits (any script) at <paramref name="i"/>, which moves past it.</summary>
    private static bool Run(ReadOnlySpan<char> s, ref int i, int max, out Range run)
    {
        var start = i;
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
        }

        run = start..i;
        return i > start && i - start <= max;
    }

    /// <summary>A Unicode decimal digit (general category Nd): ASCII, Arabic-Indic, Persian, Devanagari, Thai, full-width…</summary>
    private static bool IsDigit(char c) => char.IsAsciiDigit(c) || (c > '\u007F' && CharUnicodeInfo.GetDecimalDigitValue(c) >= 0);

    /// <summary>The value of a run of at most four decimal digits of any script.</summary>
    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + CharUnicodeInfo.GetDecimalDigitValue(c);
        }

        return n;
    }

    private static bool Digits2(ReadOnlySpan<char> s, int i) => i + 1 < s.Length && IsDigit(s[i]) && IsDigit(s[i + 1]);

    private static bool At(ReadOnlySpan<char> s, int i, char c) => i < s.Length && s[i] == c;

    private static bool At(ReadOnlySpan<char> s, int i, char a, char b) => i < s.Length && (s[i] == a || s[i] == b);

    private static bool At(ReadOnlySpan<char> s, int i, char a, char b, char c) => i < s.Length && (s[i] == a || s[i] == b || s[i] == c);

    /// <summary>An AM/PM marker at <paramref name="i"/>: Latin <c>[AaPp]\.? ?[Mm]\.?</c> or one of <see cref="Markers"/>; End is -1 when there is none.</summary>
    private static (int End, bool Pm) Marker(ReadOnlySpan<char> s, int i)
    {
        if (WordMarker(s, i) is { End: >= 0 } word)
        {
            return word;
        }

        if (!At(s, i, 'A', 'a') && !At(s, i, 'P', 'p'))
        {
            return (-1, false);
        }

        var pm = s[i] is 'P' or 'p';
        i++;
        i += At(s, i, '.') ? 1 : 0;
        i += At(s, i, ' ') ? 1 : 0;
        if (!At(s, i, 'M', 'm'))
        {
            return (-1, false);
        }

        i++;
        return (i + (At(s, i, '.') ? 1 : 0), pm);
    }

    /// <summary>One of the <see cref="Markers"/> words at <paramref name="i"/>; End is -1 when there is none.</summary>
    private static (int End, bool Pm) WordMarker(ReadOnlySpan<char> s, int i)
    {
        if (i >= s.Length || char.IsAsciiDigit(s[i]))
        {
            return (-1, false);
        }

        var rest = s[i..];
        foreach (var (text, pm) in Markers)
        {
            if (rest.StartsWith(text, StringComparison.Ordinal))
            {
                return (i + text.Length, pm);
            }
        }

        return (-1, false);
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
        var hour = Number(line[m.Hour]);
        var minute = Number(line[m.Minute]);
        var second = m.Second is { } s ? Number(line[s]) : 0;
        if (m.Marker is { } markerRange)
        {
            var marker = line[markerRange];
            if (hour > 12 || (hour == 0 && m.Pm))
            {
                problem = $"hour {hour} with the 12-hour marker '{marker}'";
                return false;
            }

            // 12 a.m. is midnight, 12 p.m. is noon; "00:08 a. m." (seen in Spanish exports) is 00:08.
            hour = m.Pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
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
        public bool Pm;
        public Range Body;

        /// <summary>The digits of the year field (D3 without an era letter).</summary>
        public Range Year;
        public Era Era;

        /// <summary>The year was followed by "BE" (Buddhist Era).</summary>
        public bool Buddhist;
    }

    /// <summary>A Japanese era letter before the year (<c>R4</c>, <c>H31</c>).</summary>
    private enum Era
    {
        None,
        Reiwa,
        Heisei,
    }
}
