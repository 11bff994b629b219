using System.Globalization;
using EvidencePipe.Model;

namespace EvidencePipe.Analysis.Tracking;

/// <summary>
/// One of the victim's places (<c>--place NAME=LAT,LON[,METRES]</c>): WGS 84 degrees and a radius in metres,
/// <see cref="DefaultRadiusMetres"/> when none is given.
/// </summary>
public sealed record Place(string Name, double Latitude, double Longitude, double RadiusMetres)
{
    /// <summary>100 m: a house or workplace and its street, against phone fixes whose accuracy is typically tens of metres.</summary>
    public const double DefaultRadiusMetres = 100;

    /// <summary>Reads <c>NAME=LAT,LON[,METRES]</c> (invariant numbers, decimal degrees); throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Place Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var eq = spec.LastIndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
        {
            throw new FormatException($"'{spec}': expected NAME=LAT,LON[,METRES]");
        }

        var name = spec[..eq].Trim();
        var parts = spec[(eq + 1)..].Split(',');
        if (name.Length == 0 || parts.Length is < 2 or > 3)
        {
            throw new FormatException($"'{spec}': expected NAME=LAT,LON[,METRES]");
        }

        var lat = Number(parts[0], spec, "latitude");
        var lon = Number(parts[1], spec, "longitude");
        if (!LocationFix.IsValid(lat, lon))
        {
            throw new FormatException($"'{spec}': latitude must be within ±90 and longitude within ±180 (decimal degrees)");
        }

        var radius = parts.Length == 3 ? Number(parts[2], spec, "radius") : DefaultRadiusMetres;
        if (radius is <= 0 or > 100_000)
        {
            throw new FormatException($"'{spec}': the radius is in metres, above 0 and at most 100000");
        }

        return new Place(name, lat, lon, radius);
    }

    private static double Number(string text, string spec, string what) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"'{spec}': the {what} '{text.Trim()}' is not a number");
}
