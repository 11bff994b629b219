using System.Globalization;

namespace EvidencePipe.Model;

/// <summary>
/// A position the device recorded, kept as an event of kind <see cref="EventKind.Location"/>: <see cref="CommunicationEvent.Geo"/>
/// holds the latitude and longitude (WGS 84 degrees), the time is when the fix was taken, and the text says what the
/// record is and its horizontal accuracy in metres (the radius the source reported, "accuracy N m"), which
/// <see cref="AccuracyOf"/> reads back. The event model has no accuracy column; the text is the one place it is kept.
/// </summary>
public static class LocationFix
{
    private const string AccuracyMark = "; accuracy ";

    /// <summary>A latitude in [-90, 90] and a longitude in [-180, 180], both finite.</summary>
    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>An accuracy worth keeping: finite, not negative (sources write -1 for "unknown").</summary>
    public static double? Accuracy(double? metres) => metres is { } m && double.IsFinite(m) && m >= 0 ? m : null;

    public static string Describe(string what, double? accuracyMetres) =>
        Accuracy(accuracyMetres) is { } a
            ? what + AccuracyMark + a.ToString("0.##", CultureInfo.InvariantCulture) + " m"
            : what + AccuracyMark + "not recorded";

    /// <summary>The accuracy written by <see cref="Describe"/>, or null when none was recorded.</summary>
    public static double? AccuracyOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var at = text.LastIndexOf(AccuracyMark, StringComparison.Ordinal);
        if (at < 0 || !text.EndsWith(" m", StringComparison.Ordinal))
        {
            return null;
        }

        var start = at + AccuracyMark.Length;
        var number = text[start..^2];
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? Accuracy(m) : null;
    }

    public static CommunicationEvent Event(string id, EventTime time, double latitude, double longitude, double? accuracyMetres, string what, SourceRef source) => new()
    {
        Id = id,
        Kind = EventKind.Location,
        Channel = Channels.Location,
        Direction = Direction.Unknown,
        Time = time,
        Geo = new GeoPoint(latitude, longitude),
        Text = Describe(what, accuracyMetres),
        Source = source,
    };
}
