namespace EvidencePipe.Analysis.Tracking;

/// <summary>Great-circle distance on a sphere (the haversine formula).</summary>
public static class GeoDistance
{
    /// <summary>The mean Earth radius R1 of IUGG (Moritz, Geodetic Reference System 1980), in metres.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    /// <summary>
    /// Metres between two points in decimal degrees: 2R·asin(√(sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2))). On the sphere the
    /// error against the WGS 84 ellipsoid is under 0.5 %, a few metres at the radii used here.
    /// </summary>
    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = double.DegreesToRadians(lat1);
        var p2 = double.DegreesToRadians(lat2);
        var dp = p2 - p1;
        var dl = double.DegreesToRadians(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dp / 2), 2) + (Math.Cos(p1) * Math.Cos(p2) * Math.Pow(Math.Sin(dl / 2), 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
