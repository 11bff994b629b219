using System.Globalization;
using System.Text.RegularExpressions;
using EvidencePipe.Model;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// ISO 6709 point strings as phones write them in QuickTime metadata
/// (<c>com.apple.quicktime.location.ISO6709</c>, <c>©xyz</c>): <c>+51.5072-000.1276+015.000/</c>.
/// Decimal degrees only (Annex H "signed decimal degrees"), which is what devices write.
/// </summary>
internal static partial class Iso6709
{
    public static bool TryParse(string? text, out GeoPoint point, out double? altitude)
    {
        point = default;
        altitude = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        var lat = double.Parse(m.Groups["lat"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
        var lon = double.Parse(m.Groups["lon"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (Math.Abs(lat) > 90 || Math.Abs(lon) > 180 || (lat == 0 && lon == 0))
        {
            return false;
        }

        point = new GeoPoint(lat, lon);
        if (m.Groups["alt"].Success)
        {
            altitude = double.Parse(m.Groups["alt"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return true;
    }

    [GeneratedRegex(@"^(?<lat>[+-][0-9]{1,2}(\.[0-9]+)?)(?<lon>[+-][0-9]{1,3}(\.[0-9]+)?)(?<alt>[+-][0-9]+(\.[0-9]+)?)?", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
