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
    private const string DatePattern = @"(?<d1>[0-9]{1,4})[./-](?<d2>[0-9]{1,2})[./-](?<d3>[0-9]{1,4})\.?";

    // AM/PM spellings: AM, am, a.m., a. m. (Spanish), and German vorm./nachm.
    private const string TimePattern = @"(?<h>[0-9]{1,2})[:.](?<mi>[0-9]{2})(?:[:.](?<s>[0-9]{2}))?(?: ?(?<ampm>[AaPp]\.? ?[Mm]\.?|vorm\.|nachm\.))?";

    private const string HeaderPattern =
        @"^(?:\[" + DatePattern + ",? " + TimePattern + @"\] ?(?<body>.*)"
        + "|" + DatePattern + ",? " + TimePattern + " [-–](?: (?<body>.*))?)$";

    // The start of a header without its end: a damaged or truncated header, or text that quotes a date.
    private const string HeaderLikePattern =
        @"^(?:\[[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}|[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}\.?,? [0-9])";

    public static ChatHeader Parse(string line)
    {
        var match = HeaderRegex().Match(line);
        if (!match.Success)
        {
            return default;
        }

        var body = match.Groups["body"].Value;
        var dateText = string.Concat(match.Groups["d1"].Value, "/", match.Groups["d2"].Value, "/", match.Groups["d3"].Value);
        if (!TryTime(match, out var time, out var timeProblem))
        {
            return new ChatHeader(HeaderKind.Invalid, null, null, default, dateText, body, timeProblem);
        }

        var g1 = match.Groups["d1"].ValueSpan;
        var g2 = match.Groups["d2"].ValueSpan;
        var g3 = match.Groups["d3"].ValueSpan;
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
            return new ChatHeader(HeaderKind.Invalid, null, null, time, dateText, body, $"'{dateText}' is not a calendar date in either day/month order");
        }

        return new ChatHeader(HeaderKind.Valid, dayFirst, monthFirst, time, dateText, body, null);
    }

    /// <summary>True for a line that starts like a header but is not one (see <see cref="HeaderLikePattern"/>).</summary>
    public static bool LooksLikeHeader(string line) => HeaderLikeRegex().IsMatch(line);

    private static bool TryTime(Match match, out TimeOnly time, out string? problem)
    {
        time = default;
        var hour = int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["mi"].ValueSpan, CultureInfo.InvariantCulture);
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var marker = match.Groups["ampm"];
        if (marker.Success)
        {
            var pm = marker.ValueSpan[0] is 'p' or 'P' or 'n';
            if (hour > 12 || (hour == 0 && pm))
            {
                problem = $"hour {hour} with the 12-hour marker '{marker.Value}'";
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

    [GeneratedRegex(HeaderPattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HeaderRegex();

    [GeneratedRegex(HeaderLikePattern, RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLikeRegex();
}
