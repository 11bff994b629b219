namespace EvidencePipe.Readers.Media;

/// <summary>
/// The names of the metadata a capture time was taken from, written into the event text as
/// <c>time from …</c> so that every media event says what its time rests on. Tag names follow the
/// spec that defines them (Exif 2.32, XMP Part 2, QuickTime, PNG) in exiftool's <c>group:Tag</c> style.
/// </summary>
internal static class CaptureBasis
{
    public const string ExifOriginalWithOffset = "exif:DateTimeOriginal+OffsetTimeOriginal";
    public const string ExifOriginalInlineOffset = "exif:DateTimeOriginal (inline offset)";
    public const string ExifOriginalGpsOffset = "exif:DateTimeOriginal+offset from GPS time";
    public const string ExifOriginal = "exif:DateTimeOriginal";
    public const string ExifDigitized = "exif:DateTimeDigitized";
    public const string ExifDateTime = "exif:DateTime (last change)";
    public const string Gps = "gps:GPSDateStamp+GPSTimeStamp (UTC)";
    public const string QuickTimeCreationDate = "quicktime:creationdate";
    public const string QuickTimeMovieHeader = "quicktime:mvhd creation time (UTC)";
    public const string PngTime = "png:tIME (UTC)";
    public const string FileName = "file name";
    public const string FileModified = "file-modified (NOT a capture time)";

    /// <summary>Appended where the source gave a wall clock only and the case zone supplied the offset.</summary>
    public const string NoOffsetSuffix = ", no offset (case zone)";

    public static string Xmp(string key) => "xmp:" + key;

    public static string ExifOriginalXmpZone(string key) => "exif:DateTimeOriginal+zone from xmp:" + key;

    public static string PngText(string key) => "png:" + key;

    public static string MakerNote(string make, string tag) => "makernote:" + make + " " + tag;
}
