using EvidencePipe.Reading;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using MetadataExtractor.IO;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Reads a media file's metadata directories with MetadataExtractor 2.4.3 and, for HEIF files it
/// cannot read (it throws on some real ones, or finds no Exif), recovers the Exif item from the
/// container with <see cref="HeifExifLocator"/> and parses it with MetadataExtractor's ExifReader.
/// Every failure becomes a diagnostic; nothing is thrown.
/// </summary>
internal static class MediaMetadataLoader
{
    public const string Locator = "file";

    public static MediaMetadata Load(Stream stream, MediaFamily family, ReadContext context)
    {
        var directories = new List<MeDirectory>();
        var segments = new List<JpegSegment>();
        Exception? failure = null;
        try
        {
            stream.Position = 0;
            directories.AddRange(Read(stream, family, segments));
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // MetadataExtractor signals damage with many exception types (ImageProcessingException,
            // ArgumentOutOfRangeException on some HEIF files, IOException on truncation).
            failure = ex;
        }

        var reported = false;
        if (family.IsHeifContainer && !directories.OfType<ExifIfd0Directory>().Any())
        {
            // Every outcome of the recovery that follows a failure is reported there.
            RecoverHeifExif(stream, failure, directories, context);
            reported = true;
        }

        if (failure is not null && !reported)
        {
            context.RecoveredRecord(Locator, $"the {family.Label} metadata could not be read ({Describe(failure)}); the file is listed with its hash and whatever time was found elsewhere");
        }

        foreach (var directory in directories)
        {
            foreach (var error in directory.Errors)
            {
                context.Note(Locator, $"metadata {directory.Name}: {error}");
            }
        }

        if (family != MediaFamily.Jpeg)
        {
            // ImageMetadataReader already parsed any XMP of the other families.
            return new MediaMetadata(directories, _ => directories);
        }

        return new MediaMetadata(directories, zonedOnly => JpegXmp(segments, zonedOnly, context));
    }

    /// <summary>
    /// The family is known from its signature (<see cref="MediaMagic"/>), so its reader is called directly
    /// rather than through ImageMetadataReader's own detection. For JPEG only the segments the event
    /// uses are read (<see cref="JpegMetadataSegments"/>) and decoded here: Exif APP1 (time, offset, GPS, device) and SOFn (dimensions). XMP, whose RDF
    /// parse was most of a JPEG's metadata time (scripts/bench-images.sh), is kept as raw APP1 bytes
    /// and parsed only if the capture time needs it (<see cref="MediaMetadata.Xmp"/>). HEIF goes through
    /// <see cref="HeifMetadataFastPath"/> (MetadataExtractor's result without its box model) where that follows the file exactly.
    /// </summary>
    private static IEnumerable<MeDirectory> Read(Stream stream, MediaFamily family, List<JpegSegment> segments)
    {
        if (family == MediaFamily.Jpeg)
        {
            JpegMetadataSegments.Read(stream, JpegSegmentTypes, segments);
            return JpegMetadataReader.ProcessJpegSegments(JpegReaders, segments);
        }

        if (family.IsHeifContainer && HeifMetadataFastPath.TryRead(stream) is { } heif)
        {
            return heif;
        }

        if (family.IsHeifContainer && HeifBoxCounts.FindImpossibleCount(stream) is { } impossible)
        {
            throw new HeifCountException(impossible);
        }

        // Anything the HEIF walk does not follow exactly, and every other family: MetadataExtractor from the start, through
        // the format's reader where its file-type detection is certain to choose that reader (MetadataExtractorFileType).
        Span<byte> head = stackalloc byte[MetadataExtractorFileType.HeadLength];
        stream.Position = 0;
        head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        stream.Position = 0;
        if (family == MediaFamily.Png && MetadataExtractorFileType.IsPng(head))
        {
            return PngMetadataReader.ReadMetadata(stream);
        }

        if (family.IsHeifContainer && MetadataExtractorFileType.IsHeif(head))
        {
            return HeifMetadataReader.ReadMetadata(stream);
        }

        return ImageMetadataReader.ReadMetadata(stream);
    }

    // Built once: both readers keep no state between calls (each Extract starts its own directories), and the set of
    // segment types is only read.
    private static readonly IJpegSegmentMetadataReader[] JpegReaders = [new JpegReader(), new ExifReader()];
    private static readonly HashSet<JpegSegmentType> JpegSegmentTypes = [.. JpegReaders.SelectMany(r => r.SegmentTypes)];

    // The keys XmpDates looks for; a packet naming none of them is not parsed at all.
    private static readonly byte[][] XmpDateKeys = ["DateTimeOriginal"u8.ToArray(), "DateCreated"u8.ToArray(), "DateTimeDigitized"u8.ToArray(), "CreateDate"u8.ToArray()];

    private static IReadOnlyList<MeDirectory> JpegXmp(List<JpegSegment> segments, bool zonedOnly, ReadContext context)
    {
        var candidates = segments
            .Where(s => s.Type == JpegSegmentType.App1 && s.Bytes.AsSpan().StartsWith(JpegMetadataSegments.XmpPreamble) && XmpDateKeys.Any(k => s.Bytes.AsSpan().IndexOf(k) >= 0)
                && (!zonedOnly || XmpZoneScan.MayStateZonedTime(s.Bytes)))
            .ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        try
        {
            var xmp = new XmpReader().ReadJpegSegments(candidates).ToList();
            foreach (var error in xmp.SelectMany(d => d.Errors))
            {
                context.Note(Locator, $"metadata XMP: {error}");
            }

            return xmp;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            context.Note(Locator, $"the XMP packet could not be parsed ({Describe(ex)}); XMP dates not used");
            return [];
        }
    }

    private static void RecoverHeifExif(Stream stream, Exception? failure, List<MeDirectory> directories, ReadContext context)
    {
        stream.Position = 0;
        var item = HeifExifLocator.Find(stream, out var problem);
        var cause = failure switch
        {
            null => "MetadataExtractor 2.4.3 found no Exif in the HEIF container",
            HeifCountException refused => refused.Message,
            _ => $"MetadataExtractor 2.4.3 failed on the HEIF container ({Describe(failure)})",
        };
        if (item is null)
        {
            if (failure is null)
            {
                // A HEIF file without Exif is normal (edited or exported images); say so once.
                context.Note(Locator, $"{cause}, and none was found by hand: {problem}");
            }
            else
            {
                context.RecoveredRecord(Locator, $"{cause}; the Exif item could not be recovered by hand either: {problem}");
            }

            return;
        }

        try
        {
            // The TIFF header states its own byte order; the reader's initial order is irrelevant.
            var exif = new ExifReader().Extract(new ByteArrayReader(item.Tiff, 0, isMotorolaByteOrder: true));
            directories.AddRange(exif);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            context.RecoveredRecord(Locator, $"{cause}; Exif item {item.ItemId} was found by hand but its TIFF block could not be parsed ({Describe(ex)})");
            return;
        }

        context.RecoveredRecord(Locator, $"{cause}; the Exif item (item {item.ItemId}, {item.ExtentCount} extent(s) at byte {item.FirstOffset}) was recovered from meta/iinf/iloc and parsed");
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}

/// <summary>A HEIF file kept from MetadataExtractor (<see cref="HeifBoxCounts"/>); the message says why.</summary>
internal sealed class HeifCountException(string message) : IOException(message);
