using System.Globalization;
using EvidencePipe.Model;
using EvidencePipe.Reading;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.QuickTime;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>A capture time and the name of the metadata it came from (<see cref="CaptureBasis"/>).</summary>
internal sealed record CaptureTime(EventTime Time, string Basis);

/// <summary>
/// Decides when a photo or video was taken, best evidence first, and names the basis every time
/// (<see cref="CaptureBasis"/>):
/// <list type="number">
/// <item>Exif DateTimeOriginal with OffsetTimeOriginal (Exif 2.31+) or an inline offset → explicit offset;</item>
/// <item>XMP <c>exif:DateTimeOriginal</c>, <c>photoshop:DateCreated</c> (then <c>exif:DateTimeDigitized</c>,
/// <c>xmp:CreateDate</c>) with its zone — read only now, when Exif stated no offset (<see cref="XmpDates"/>).
/// Beside an Exif DateTimeOriginal it only lends its zone, and only when both show the same wall clock;</item>
/// <item>DateTimeOriginal without offset plus a GPS date/time stamp (always UTC, Exif 2.32 §4.6.6) that agrees
/// with it → the GPS instant, its offset inferred from the difference (rounded to 15 min);</item>
/// <item>DateTimeOriginal alone → naive local time in the case zone, noted;</item>
/// <item>maker-note dates MetadataExtractor 2.4.3 decodes (<see cref="MakerNoteDates"/>);</item>
/// <item>GPS date/time alone; then DateTimeDigitized, then IFD0 DateTime (with their OffsetTime* tags when present);</item>
/// <item>QuickTime: the keyed creationdate (ISO 8601 with offset), else the movie header creation time (UTC by ISO/IEC 14496-12 §8.2.2.3);</item>
/// <item>PNG: a tEXt <c>date:create</c> / <c>Creation Time</c> with an offset, else tIME (UTC by PNG spec §11.3.6.1);</item>
/// <item>a time in the file name (screenshots, camera names) → naive local, noted;</item>
/// <item>last resort: the file system's modification time of a plain file, basis <c>file-modified</c>
/// (<see cref="TimeBasis.FileModified"/>), flagged as not a capture time.</item>
/// </list>
/// </summary>
internal static class CaptureTimeResolver
{
    // Exif 2.32 tags: OffsetTime (0x9010), OffsetTimeOriginal (0x9011), OffsetTimeDigitized (0x9012),
    // SubSecTime (0x9290), SubSecTimeOriginal (0x9291), SubSecTimeDigitized (0x9292).
    private const int TagOffsetTime = 0x9010;
    private const int TagOffsetTimeOriginal = 0x9011;
    private const int TagOffsetTimeDigitized = 0x9012;
    private const int TagSubSecTime = 0x9290;
    private const int TagSubSecTimeOriginal = 0x9291;
    private const int TagSubSecTimeDigitized = 0x9292;

    // GPS and camera clocks disagree by seconds to minutes (fix age); more than this is no agreement.
    private static readonly TimeSpan GpsResidualTolerance = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxUtcOffset = TimeSpan.FromHours(14);

    private const string Locator = MediaMetadataLoader.Locator;

    public static CaptureTime? Resolve(MediaMetadata metadata, FileNameFacts name, EvidenceSource source, ReadContext context)
    {
        var directories = metadata.Directories;
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();

        var original = ExifTime(sub, ExifDirectoryBase.TagDateTimeOriginal, TagSubSecTimeOriginal, sub, TagOffsetTimeOriginal);
        if (original?.Offset is { } stated)
        {
            return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(original.Local, stated)), original.InlineOffset ? CaptureBasis.ExifOriginalInlineOffset : CaptureBasis.ExifOriginalWithOffset);
        }

        // Exif stated no offset: only now is XMP parsed (MediaMetadata.Xmp is lazy for JPEG, where it costs most). Beside
        // an Exif DateTimeOriginal only a zoned XMP date is used (FromXmp), so a packet without one need not be parsed.
        var xmp = XmpDates.Find(metadata.Xmp(zonedOnly: original is not null));
        if (xmp is not null && FromXmp(xmp, original, context) is { } fromXmp)
        {
            return fromXmp;
        }

        var gpsUtc = GpsUtc(directories);
        if (original is not null)
        {
            return FromNaiveOriginal(original, gpsUtc, context);
        }

        if (xmp is { Offset: null })
        {
            context.Note(Locator, $"no Exif DateTimeOriginal; XMP {xmp.Key} states no zone; read as local time in {context.TimeZone.Id}");
            return new CaptureTime(context.TimeZone.FromLocal(xmp.Local), CaptureBasis.Xmp(xmp.Key) + CaptureBasis.NoOffsetSuffix);
        }

        if (MakerNoteDates.Find(directories, context.TimeZone) is { } makerNote)
        {
            context.Note(Locator, $"no Exif or XMP capture date; the time is the maker note's {makerNote.Basis}");
            return makerNote;
        }

        if (gpsUtc is { } gpsOnly)
        {
            context.Note(Locator, "no DateTimeOriginal; the time is the GPS date/time stamp (UTC)");
            return new CaptureTime(EventTime.FromExplicit(gpsOnly), CaptureBasis.Gps);
        }

        if (ExifTime(sub, ExifDirectoryBase.TagDateTimeDigitized, TagSubSecTimeDigitized, sub, TagOffsetTimeDigitized) is { } digitized)
        {
            return FromOtherExif(digitized, "DateTimeDigitized", CaptureBasis.ExifDigitized, context);
        }

        if (ExifTime(ifd0, ExifDirectoryBase.TagDateTime, TagSubSecTime, sub, TagOffsetTime) is { } modified)
        {
            return FromOtherExif(modified, "DateTime (IFD0, the file's last change)", CaptureBasis.ExifDateTime, context);
        }

        return QuickTimeTime(directories, context)
            ?? PngTime(directories, context)
            ?? NameTime(name, source, context)
            ?? FileSystemTime(source, context);
    }

    private sealed record ExifStamp(DateTime Local, TimeSpan? Offset, bool InlineOffset);

    private static ExifStamp? ExifTime(MeDirectory? directory, int dateTag, int subSecTag, MeDirectory? offsetDirectory, int offsetTag)
    {
        if (directory is null || !ExifDateText.TryParse(directory.GetString(dateTag), out var local, out var inlineOffset))
        {
            return null;
        }

        if (local.Ticks % TimeSpan.TicksPerSecond == 0 && directory.GetString(subSecTag) is { } subSec)
        {
            local = local.Add(ExifDateText.Fraction(subSec));
        }

        var offset = inlineOffset;
        if (offset is null && ExifDateText.TryParseOffset(offsetDirectory?.GetString(offsetTag), out var tagged))
        {
            offset = tagged;
        }

        return new ExifStamp(local, offset, inlineOffset is not null);
    }

    private static CaptureTime? FromXmp(XmpDate xmp, ExifStamp? original, ReadContext context)
    {
        if (xmp.Offset is not { } zone)
        {
            return null;
        }

        if (original is null)
        {
            return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(xmp.Local, zone)), CaptureBasis.Xmp(xmp.Key));
        }

        // The same moment written twice: Exif's wall clock (with its subseconds) at XMP's zone.
        if (Math.Abs((TruncateToSecond(original.Local) - TruncateToSecond(xmp.Local)).Ticks) < TimeSpan.TicksPerSecond)
        {
            return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(original.Local, zone)), CaptureBasis.ExifOriginalXmpZone(xmp.Key));
        }

        context.Note(Locator, string.Create(CultureInfo.InvariantCulture, $"XMP {xmp.Key} {xmp.Local:yyyy-MM-dd HH:mm:ss} differs from Exif DateTimeOriginal {original.Local:yyyy-MM-dd HH:mm:ss}; its zone is not used"));
        return null;
    }

    private static DateTime TruncateToSecond(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Kind);

    private static CaptureTime FromNaiveOriginal(ExifStamp stamp, DateTimeOffset? gpsUtc, ReadContext context)
    {
        if (gpsUtc is { } gps)
        {
            var difference = stamp.Local - gps.UtcDateTime;
            var inferred = TimeSpan.FromMinutes(Math.Round(difference.TotalMinutes / 15) * 15);
            if ((difference - inferred).Duration() <= GpsResidualTolerance && inferred.Duration() <= MaxUtcOffset)
            {
                return new CaptureTime(EventTime.FromExplicit(gps.ToOffset(inferred)), CaptureBasis.ExifOriginalGpsOffset);
            }

            context.Note(Locator, string.Create(CultureInfo.InvariantCulture, $"the GPS date/time stamp {gps:yyyy-MM-dd HH:mm:ss}Z disagrees with DateTimeOriginal {stamp.Local:yyyy-MM-dd HH:mm:ss} by {difference.TotalHours:0.##} h; not used"));
        }

        context.Note(Locator, $"Exif DateTimeOriginal {stamp.Local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} states no UTC offset; read as local time in {context.TimeZone.Id}");
        return new CaptureTime(context.TimeZone.FromLocal(stamp.Local), CaptureBasis.ExifOriginal + CaptureBasis.NoOffsetSuffix);
    }

    private static CaptureTime FromOtherExif(ExifStamp stamp, string tagName, string basis, ReadContext context)
    {
        context.Note(Locator, $"no DateTimeOriginal; the time is Exif {tagName}");
        if (stamp.Offset is { } offset)
        {
            return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(stamp.Local, offset)), basis);
        }

        context.Note(Locator, $"Exif {tagName} {stamp.Local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} states no UTC offset; read as local time in {context.TimeZone.Id}");
        return new CaptureTime(context.TimeZone.FromLocal(stamp.Local), basis + CaptureBasis.NoOffsetSuffix);
    }

    private static DateTimeOffset? GpsUtc(IReadOnlyList<MeDirectory> directories)
    {
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        if (gps is null || !TryGetGpsDate(gps, out var utc) || utc.Year < 1990)
        {
            return null;
        }

        return new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }

    /// <summary>
    /// GPSDateStamp + GPSTimeStamp (three RATIONALs: hours, minutes, seconds; Exif 2.32 §4.6.6) as UTC, combined exactly
    /// as MetadataExtractor's GpsDirectory.TryGetGpsDate combines them; the date stamp in its standard form is read by
    /// hand (<see cref="ExifDateText.TryReadDateStamp"/>), any other form by MetadataExtractor.
    /// </summary>
    private static bool TryGetGpsDate(GpsDirectory gps, out DateTime utc)
    {
        if (!ExifDateText.TryReadDateStamp(gps.GetString(GpsDirectory.TagDateStamp), out var date))
        {
            return gps.TryGetGpsDate(out utc);
        }

        utc = default;
        if (gps.GetRationalArray(GpsDirectory.TagTimeStamp) is not { Length: 3 } time)
        {
            return false;
        }

        utc = DateTime.SpecifyKind(date.AddHours(time[0].ToDouble()).AddMinutes(time[1].ToDouble()).AddSeconds(time[2].ToDouble()), DateTimeKind.Utc);
        return true;
    }

    private static CaptureTime? QuickTimeTime(IReadOnlyList<MeDirectory> directories, ReadContext context)
    {
        var keyed = directories.OfType<QuickTimeMetadataHeaderDirectory>().FirstOrDefault()?.GetString(QuickTimeMetadataHeaderDirectory.TagCreationDate);
        if (keyed is not null && DateTimeOffset.TryParse(keyed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stated) && HasOffset(keyed))
        {
            return new CaptureTime(EventTime.FromExplicit(stated), CaptureBasis.QuickTimeCreationDate);
        }

        var header = directories.OfType<QuickTimeMovieHeaderDirectory>().FirstOrDefault();
        if (header is not null && header.TryGetDateTime(QuickTimeMovieHeaderDirectory.TagCreated, out var created) && created.Year > 1904)
        {
            return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))), CaptureBasis.QuickTimeMovieHeader);
        }

        if (header is not null)
        {
            context.Note(Locator, "the QuickTime movie header has no creation time (zero)");
        }

        return null;
    }

    private static bool HasOffset(string iso) =>
        iso.EndsWith('Z') || (iso.Length > 19 && (iso.LastIndexOf('+') > 10 || iso.LastIndexOf('-') > 10));

    private static CaptureTime? PngTime(IReadOnlyList<MeDirectory> directories, ReadContext context)
    {
        foreach (var (key, value) in MediaFacts.PngTexts(directories))
        {
            // ImageMagick writes date:create (ISO 8601 with offset); PNG spec §11.3.4.2 names "Creation Time".
            if ((key.Equals("date:create", StringComparison.OrdinalIgnoreCase) || key.Equals("Creation Time", StringComparison.OrdinalIgnoreCase))
                && HasOffset(value.Trim())
                && DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var created))
            {
                context.Note(Locator, $"no camera time; the time is the PNG text '{key}' (when the file was written, not necessarily when the picture was taken)");
                return new CaptureTime(EventTime.FromExplicit(created), CaptureBasis.PngText(key));
            }
        }

        foreach (var png in directories.OfType<PngDirectory>())
        {
            if (png.TryGetDateTime(PngDirectory.TagLastModificationTime, out var modified))
            {
                context.Note(Locator, "no camera time; the time is the PNG tIME chunk (last modification, UTC)");
                return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc))), CaptureBasis.PngTime);
            }
        }

        return null;
    }

    private static CaptureTime? NameTime(FileNameFacts name, EvidenceSource source, ReadContext context)
    {
        if (name.LocalTime is not { } local)
        {
            return null;
        }

        context.Note(Locator, $"no time in the metadata; the time {local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} is taken from the file name '{source.FileName}' and read as local time in {context.TimeZone.Id}");
        return new CaptureTime(context.TimeZone.FromLocal(local), CaptureBasis.FileName);
    }

    private static CaptureTime? FileSystemTime(EvidenceSource source, ReadContext context)
    {
        if (source.ContainerEntry is not null || !File.Exists(source.AbsolutePath))
        {
            return null;
        }

        // Milliseconds, like every other stored time.
        var modified = DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(File.GetLastWriteTimeUtc(source.AbsolutePath)).ToUnixTimeMilliseconds());
        context.Note(Locator, "no capture time in the metadata or the file name; the time shown is the file system's modification time (basis file-modified), which copying the exhibit may have set: it is NOT a capture time");
        return new CaptureTime(context.TimeZone.FromFileModified(modified), CaptureBasis.FileModified);
    }
}
