using System.Globalization;

namespace EvidencePipe.Readers.Location;

/// <summary>Coordinates and times as location exports write them.</summary>
internal static class LocationText
{
    private static readonly string[] OffsetFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz"];
    private static readonly string[] UtcFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    /// <summary>
    /// A point as Google's Timeline exports write it: <c>"51.5074°, -0.1278°"</c> (the on-device Android export) or
    /// <c>"geo:51.5074,-0.1278"</c> (RFC 5870 geo URI, the iOS export). Null when it is neither.
    /// </summary>
    public static (double Latitude, double Longitude)? Point(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        if (s.StartsWith("geo:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[4..];
            // RFC 5870 §3.3: parameters (";u=…", ";crs=…") follow the coordinates.
            var semicolon = s.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                s = s[..semicolon];
            }
        }

        s = s.Replace("°", string.Empty, StringComparison.Ordinal);
        var parts = s.Split(',');
        if (parts.Length is < 2 or > 3
            || !double.TryParse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
        {
            return null;
        }

        return (lat, lon);
    }

    /// <summary>An ISO-8601 / RFC 3339 instant with its offset (<c>Z</c> or <c>±hh:mm</c>); a time without an offset is refused, never read in the machine's zone.</summary>
    public static DateTimeOffset? Instant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        if (DateTimeOffset.TryParseExact(s, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            || DateTimeOffset.TryParseExact(s, UtcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t))
        {
            return t;
        }

        return null;
    }
}
