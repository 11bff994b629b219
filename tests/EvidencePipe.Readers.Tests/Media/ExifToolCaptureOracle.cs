using EvidencePipe.Model;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>What a capture time must be, worked out from exiftool's tags alone.</summary>
internal sealed record ExpectedCapture(DateTime Utc, TimeSpan Offset, TimeBasis Basis, string Named);

/// <summary>
/// The capture-time order of issue 18, applied to exiftool's reading of a file (fixtures/images/exiftool.json,
/// tools/images_golden.sh) — an independent reading of the same bytes — rather than to MetadataExtractor's:
/// Exif DateTimeOriginal + OffsetTimeOriginal; XMP exif:DateTimeOriginal / photoshop:DateCreated /
/// exif:DateTimeDigitized / xmp:CreateDate with a zone (beside an Exif DateTimeOriginal only when both show
/// the same wall clock); DateTimeOriginal timed by an agreeing GPS stamp; DateTimeOriginal naive; GPS alone;
/// CreateDate; ModifyDate; QuickTime; PNG text; last, the file's modification time.
/// FLIR's APP1 record (exiftool group <c>APP1</c>) is left out: MetadataExtractor 2.4.3 has no FLIR reader.
/// </summary>
internal static class ExifToolCaptureOracle
{
    private static readonly (string Tag, string Key)[] XmpKeys =
    [
        ("XMP:DateTimeOriginal", "exif:DateTimeOriginal"),
        ("XMP:DateCreated", "photoshop:DateCreated"),
        ("XMP:DateTimeDigitized", "exif:DateTimeDigitized"),
        ("XMP:CreateDate", "xmp:CreateDate"),
    ];

    public static ExpectedCapture Expect(ExifToolRecord exif, string path, TimeZoneInfo caseZone)
    {
        var original = exif.String("Composite:SubSecDateTimeOriginal") ?? exif.String("EXIF:DateTimeOriginal");
        if (original is not null && HasZone(original))
        {
            return Explicit(exif.Instant("Composite:SubSecDateTimeOriginal")!.Value, "exif:DateTimeOriginal+OffsetTimeOriginal");
        }

        // exiftool writes XMP dates as "YYYY:MM:DD HH:MM:SS[.s][±HH:MM]"; a bare date places no moment.
        var xmp = XmpKeys.Select(k => (k.Key, Value: exif.String(k.Tag))).FirstOrDefault(k => k.Value is { Length: >= 16 });
        if (xmp.Value is not null && HasZone(xmp.Value))
        {
            var xmpInstant = Parse(xmp.Value);
            if (original is null)
            {
                return Explicit(xmpInstant, "xmp:" + xmp.Key);
            }

            var wall = exif.Local("EXIF:DateTimeOriginal")!.Value;
            if (wall == xmpInstant.DateTime.AddTicks(-(xmpInstant.DateTime.Ticks % TimeSpan.TicksPerSecond)))
            {
                var local = exif.Local("Composite:SubSecDateTimeOriginal") ?? wall;
                return Explicit(new DateTimeOffset(local, xmpInstant.Offset), "exif:DateTimeOriginal+zone from xmp:" + xmp.Key);
            }
        }

        if (original is not null)
        {
            var wallClock = exif.Local("Composite:SubSecDateTimeOriginal") ?? exif.Local("EXIF:DateTimeOriginal")!.Value;
            if (exif.Instant("Composite:GPSDateTime") is { } gps)
            {
                var difference = wallClock - gps.UtcDateTime;
                var offset = TimeSpan.FromMinutes(Math.Round(difference.TotalMinutes / 15) * 15);
                if ((difference - offset).Duration() <= TimeSpan.FromMinutes(5) && offset.Duration() <= TimeSpan.FromHours(14))
                {
                    return Explicit(gps.ToOffset(offset), "exif:DateTimeOriginal+offset from GPS time");
                }
            }

            return Naive(wallClock, caseZone, "exif:DateTimeOriginal, no offset (case zone)");
        }

        if (exif.Instant("Composite:GPSDateTime") is { } gpsOnly)
        {
            return Explicit(gpsOnly, "gps:GPSDateStamp+GPSTimeStamp (UTC)");
        }

        if (exif.Local("EXIF:CreateDate") is { } digitized)
        {
            return Naive(digitized, caseZone, "exif:DateTimeDigitized, no offset (case zone)");
        }

        if (exif.Local("EXIF:ModifyDate") is { } modified)
        {
            return Naive(modified, caseZone, "exif:DateTime (last change), no offset (case zone)");
        }

        if (exif.Local("QuickTime:CreateDate") is { } movie)
        {
            return Explicit(new DateTimeOffset(movie, TimeSpan.Zero), "quicktime:mvhd creation time (UTC)");
        }

        if (exif.Instant("PNG:Datecreate") is { } pngCreated)
        {
            return Explicit(pngCreated, "png:date:create");
        }

        var written = DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds());
        return new ExpectedCapture(written.UtcDateTime, caseZone.GetUtcOffset(written), TimeBasis.FileModified, "file-modified (NOT a capture time)");
    }

    private static bool HasZone(string value) => value.Length > 19 && (value.EndsWith('Z') || value[19..].Contains('+', StringComparison.Ordinal) || value[19..].Contains('-', StringComparison.Ordinal));

    private static DateTimeOffset Parse(string exiftoolDate) =>
        DateTimeOffset.Parse(string.Concat(exiftoolDate[..10].Replace(':', '-'), "T", exiftoolDate[11..]), System.Globalization.CultureInfo.InvariantCulture);

    private static ExpectedCapture Explicit(DateTimeOffset value, string named) => new(value.UtcDateTime, value.Offset, TimeBasis.ExplicitOffset, named);

    private static ExpectedCapture Naive(DateTime wallClock, TimeZoneInfo zone, string named)
    {
        var offset = zone.GetUtcOffset(wallClock);
        return new ExpectedCapture(DateTime.SpecifyKind(wallClock - offset, DateTimeKind.Utc), offset, TimeBasis.NaiveLocal, named);
    }
}
