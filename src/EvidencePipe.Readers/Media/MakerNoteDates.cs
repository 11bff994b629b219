using EvidencePipe.Model;
using EvidencePipe.Time;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif.Makernotes;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Capture dates in maker notes that MetadataExtractor 2.4.3 decodes into date values: Olympus
/// camera settings DateTimeUTC (0x0908, UTC by its name) and the Reconyx trail cameras' DateTimeOriginal
/// (HyperFire 0x0016, HyperFire 2 0x003E, UltraFire 0x003B; the camera's wall clock, no zone). Other
/// makers' notes carry no capture date this version exposes (Canon DateStampMode, Nikon WorldTime and
/// Pentax/Casio TimeZone are settings, not times).
/// </summary>
internal static class MakerNoteDates
{
    public static CaptureTime? Find(IReadOnlyList<MeDirectory> directories, CaseTimeZone zone)
    {
        foreach (var directory in directories)
        {
            switch (directory)
            {
                case OlympusCameraSettingsMakernoteDirectory olympus
                    when olympus.TryGetDateTime(OlympusCameraSettingsMakernoteDirectory.TagDateTimeUtc, out var utc) && Plausible(utc):
                    return new CaptureTime(EventTime.FromExplicit(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero)), CaptureBasis.MakerNote("Olympus", "DateTimeUTC"));
                case ReconyxHyperFireMakernoteDirectory d when Local(d, ReconyxHyperFireMakernoteDirectory.TagDateTimeOriginal) is { } local:
                    return Naive(local, "Reconyx HyperFire", zone);
                case ReconyxHyperFire2MakernoteDirectory d when Local(d, ReconyxHyperFire2MakernoteDirectory.TagDateTimeOriginal) is { } local:
                    return Naive(local, "Reconyx HyperFire 2", zone);
                case ReconyxUltraFireMakernoteDirectory d when Local(d, ReconyxUltraFireMakernoteDirectory.TagDateTimeOriginal) is { } local:
                    return Naive(local, "Reconyx UltraFire", zone);
            }
        }

        return null;
    }

    private static DateTime? Local(MeDirectory directory, int tag) =>
        directory.TryGetDateTime(tag, out var value) && Plausible(value) ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified) : null;

    // A zeroed or unset clock decodes as year 1 or 1970; neither is a capture date.
    private static bool Plausible(DateTime value) => value.Year > 1970;

    private static CaptureTime Naive(DateTime local, string make, CaseTimeZone zone) =>
        new(zone.FromLocal(local), CaptureBasis.MakerNote(make, "DateTimeOriginal") + CaptureBasis.NoOffsetSuffix);
}
