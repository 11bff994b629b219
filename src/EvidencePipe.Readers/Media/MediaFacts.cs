using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.QuickTime;
using MetadataExtractor.Formats.WebP;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>Device, size, place and screenshot hints read from a file's metadata directories.</summary>
internal sealed record MediaFacts(
    string? Make,
    string? Model,
    string? Software,
    int? Width,
    int? Height,
    GeoPoint? Geo,
    double? AltitudeMetres,
    bool ScreenshotTag)
{
    public bool HasCamera => Make is not null || Model is not null;

    // Exif 2.32 tags MetadataExtractor 2.4.3 has no constants for under these names.
    private const int TagUserComment = 0x9286;

    public static MediaFacts From(IReadOnlyList<MeDirectory> directories, ReadContext context)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var qtMeta = directories.OfType<QuickTimeMetadataHeaderDirectory>().FirstOrDefault();
        var make = Clean(ifd0?.GetString(ExifDirectoryBase.TagMake)) ?? Clean(qtMeta?.GetString(QuickTimeMetadataHeaderDirectory.TagMake));
        var model = Clean(ifd0?.GetString(ExifDirectoryBase.TagModel)) ?? Clean(qtMeta?.GetString(QuickTimeMetadataHeaderDirectory.TagModel));
        var software = Clean(ifd0?.GetString(ExifDirectoryBase.TagSoftware)) ?? Clean(qtMeta?.GetString(QuickTimeMetadataHeaderDirectory.TagSoftware));
        var (width, height) = Dimensions(directories);
        var (geo, altitude) = Place(directories, context);
        var screenshotTag = IsScreenshotWord(sub?.GetDescription(TagUserComment)) || IsScreenshotSoftware(software) || PngTexts(directories).Any(t => IsScreenshotSoftware(t.Value));
        return new MediaFacts(make, model, software, width, height, geo, altitude, screenshotTag);
    }

    /// <summary>The PNG tEXt/iTXt/zTXt keyword–value pairs (PNG spec §11.3.4).</summary>
    public static IEnumerable<KeyValuePair<string, string>> PngTexts(IReadOnlyList<MeDirectory> directories)
    {
        foreach (var png in directories.OfType<PngDirectory>())
        {
            if (png.GetObject(PngDirectory.TagTextualData) is IEnumerable<MetadataExtractor.KeyValuePair> pairs)
            {
                foreach (var pair in pairs)
                {
                    yield return new(pair.Key, pair.Value.ToString());
                }
            }
        }
    }

    private static (int? Width, int? Height) Dimensions(IReadOnlyList<MeDirectory> directories)
    {
        // The coded image first (what a viewer shows), then what Exif claims the camera wrote.
        foreach (var directory in directories)
        {
            var (w, h) = directory switch
            {
                JpegDirectory d => (Int(d, JpegDirectory.TagImageWidth), Int(d, JpegDirectory.TagImageHeight)),
                PngDirectory d when d.ContainsTag(PngDirectory.TagImageWidth) => (Int(d, PngDirectory.TagImageWidth), Int(d, PngDirectory.TagImageHeight)),
                WebPDirectory d => (Int(d, WebPDirectory.TagImageWidth), Int(d, WebPDirectory.TagImageHeight)),
                HeicImagePropertiesDirectory d when d.ContainsTag(HeicImagePropertiesDirectory.TagImageWidth) => (Int(d, HeicImagePropertiesDirectory.TagImageWidth), Int(d, HeicImagePropertiesDirectory.TagImageHeight)),
                QuickTimeTrackHeaderDirectory d => (Int(d, QuickTimeTrackHeaderDirectory.TagWidth), Int(d, QuickTimeTrackHeaderDirectory.TagHeight)),
                _ => (null, null),
            };
            if (w > 0 && h > 0)
            {
                return (w, h);
            }
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var width = Int(ifd0, ExifDirectoryBase.TagImageWidth) ?? Int(sub, ExifDirectoryBase.TagExifImageWidth);
        var height = Int(ifd0, ExifDirectoryBase.TagImageHeight) ?? Int(sub, ExifDirectoryBase.TagExifImageHeight);
        return width > 0 && height > 0 ? (width, height) : (null, null);
    }

    private static (GeoPoint? Geo, double? Altitude) Place(IReadOnlyList<MeDirectory> directories, ReadContext context)
    {
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        if (gps is not null)
        {
            var location = gps.GetGeoLocation();
            if (location is null || double.IsNaN(location.Latitude) || double.IsNaN(location.Longitude))
            {
                return (null, null);
            }

            if (location.IsZero)
            {
                // Phones write 0,0 when they had no fix; a real photo at "null island" is implausible.
                context.Note(MediaMetadataLoader.Locator, "GPS position is 0,0 (no fix written as zeros); treated as missing");
                return (null, null);
            }

            if (Math.Abs(location.Latitude) > 90 || Math.Abs(location.Longitude) > 180)
            {
                context.Note(MediaMetadataLoader.Locator, string.Create(CultureInfo.InvariantCulture, $"GPS position {location.Latitude},{location.Longitude} is out of range; treated as missing"));
                return (null, null);
            }

            return (new GeoPoint(location.Latitude, location.Longitude), Altitude(gps));
        }

        var iso6709 = directories.OfType<QuickTimeMetadataHeaderDirectory>().FirstOrDefault()?.GetString(QuickTimeMetadataHeaderDirectory.TagGpsLocation);
        return Iso6709.TryParse(iso6709, out var point, out var alt) ? (point, alt) : (null, null);
    }

    private static double? Altitude(GpsDirectory gps)
    {
        if (!gps.TryGetRational(GpsDirectory.TagAltitude, out var altitude) || altitude.Denominator == 0)
        {
            return null;
        }

        // GPSAltitudeRef 1 = below sea level (Exif 2.32 §4.6.6).
        var below = gps.TryGetInt32(GpsDirectory.TagAltitudeRef, out var reference) && reference == 1;
        var metres = altitude.ToDouble();
        return below ? -metres : metres;
    }

    private static int? Int(MeDirectory? directory, int tag)
    {
        if (directory is null)
        {
            return null;
        }

        if (directory.TryGetInt32(tag, out var value))
        {
            return value;
        }

        return directory.TryGetDouble(tag, out var d) && d is > 0 and < int.MaxValue ? (int)Math.Round(d) : null;
    }

    private static string? Clean(string? value)
    {
        var s = value?.Trim().Trim('\0').Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }

    private static bool IsScreenshotWord(string? text) =>
        text is not null && text.Trim().Equals("Screenshot", StringComparison.OrdinalIgnoreCase);

    // Software tags screenshot tools write (Exif Software, PNG tEXt Software).
    private static bool IsScreenshotSoftware(string? text) =>
        text is not null && (text.Contains("screenshot", StringComparison.OrdinalIgnoreCase)
            || text.Contains("snipping", StringComparison.OrdinalIgnoreCase)
            || text.Contains("greenshot", StringComparison.OrdinalIgnoreCase)
            || text.Contains("sharex", StringComparison.OrdinalIgnoreCase)
            || text.Contains("flameshot", StringComparison.OrdinalIgnoreCase));
}
