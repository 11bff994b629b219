using System.Globalization;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.Media;

/// <summary>What a media file's name says: whether it is a screenshot, and the wall-clock time in it.</summary>
internal sealed record FileNameFacts(bool IsScreenshot, DateTime? LocalTime);

/// <summary>
/// Reads the names devices give screenshots and camera files. The name is metadata, never the
/// sniffing criterion. Patterns seen on real devices:
/// Android <c>Screenshot_20240301-221500.png</c>, <c>Screenshot_2024-03-01-22-15-00-123_com.whatsapp.jpg</c>;
/// macOS <c>Screenshot 2024-03-01 at 22.15.00.png</c>, <c>Screen Shot 2020-05-04 at 6.39.11 PM.png</c>;
/// Windows Snipping Tool <c>Screenshot 2024-03-01 221500.png</c>; camera files
/// <c>IMG_20240301_221500.jpg</c>, <c>PXL_20240301_221500123.jpg</c>, <c>VID_20240301_221500.mp4</c>, <c>20240301_221500.jpg</c>.
/// </summary>
internal static partial class FileNameTime
{
    public static FileNameFacts Read(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var screenshot = ScreenshotPrefix().IsMatch(stem);
        var match = Stamp().Match(stem);
        return new FileNameFacts(screenshot, match.Success ? ToLocal(match) : null);
    }

    private static DateTime? ToLocal(Match m)
    {
        var hour = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        if (m.Groups["ampm"].Success)
        {
            var pm = m.Groups["ampm"].ValueSpan.Equals("PM", StringComparison.OrdinalIgnoreCase);
            if (hour is < 1 or > 12)
            {
                return null;
            }

            hour = (hour % 12) + (pm ? 12 : 0);
        }

        try
        {
            return new DateTime(
                Int(m, "y"), Int(m, "mo"), Int(m, "d"), hour, Int(m, "mi"), Int(m, "s"), DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // digits that are no calendar date (e.g. 20241399_…)
        }
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(screenshot|screen[ _]?shot|screen[ _]?recording|scrnshot)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScreenshotPrefix();

    // Date, a separator, then the time; 12-hour times only in the macOS "at h.mm.ss PM" form.
    [GeneratedRegex(
        @"(?<![0-9])(?<y>(19|20)[0-9]{2})[-_.]?(?<mo>[01][0-9])[-_.]?(?<d>[0-3][0-9])(?:[-_ T]|\sat\s)(?<h>[0-2]?[0-9])[-_.:]?(?<mi>[0-5][0-9])[-_.:]?(?<s>[0-5][0-9])(?:\s?(?<ampm>[AaPp][Mm]))?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Stamp();
}
