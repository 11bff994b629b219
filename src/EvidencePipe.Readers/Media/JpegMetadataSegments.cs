using System.Globalization;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// The JPEG segments the media event reads, collected as MetadataExtractor 2.4.3's
/// <c>JpegSegmentReader.ReadSegments</c> collects them — the same marker scan, the same stops at SOS/EOI, the same
/// exceptions with the same messages, segments added in the same order up to a failure — with one difference: an APP1
/// segment is kept only if it starts with the Exif preamble (<c>Exif\0\0</c>, what <c>ExifReader</c> reads) or the
/// XMP preamble (what <see cref="MediaMetadataLoader"/> may parse later). Every other APP1 segment — FLIR's thermal
/// records, extended XMP, vendor blocks — was read into memory only to be ignored by both: <c>FLIR iPhone
/// device.jpg</c> carried 300 KB of them per photo, the largest allocation of the issue-18 photo run
/// (benchmarks/results/2026-12-05-issue18-reader.md). A dropped segment that does not fit in the file is still read, so
/// that a truncated file fails exactly as before.
/// </summary>
internal static class JpegMetadataSegments
{
    private static ReadOnlySpan<byte> ExifPreamble => "Exif\0\0"u8;

    /// <summary>The XMP packet's APP1 preamble (XMP Specification Part 3 §1.1.3).</summary>
    public static ReadOnlySpan<byte> XmpPreamble => "http://ns.adobe.com/xap/1.0/\0"u8;

    private const int LongestPreamble = 29;

    /// <summary>Adds the wanted segments of the JPEG stream at <paramref name="stream"/>'s start to <paramref name="segments"/>.</summary>
    /// <exception cref="JpegProcessingException">As <c>JpegSegmentReader.ReadSegments</c> throws it.</exception>
    /// <exception cref="IOException">As <c>JpegSegmentReader.ReadSegments</c> throws it (truncation).</exception>
    public static void Read(Stream stream, IReadOnlySet<JpegSegmentType> types, List<JpegSegment> segments)
    {
        var reader = new SequentialStreamReader(stream);
        var start = reader.GetUInt16();
        if (start != 0xFFD8)
        {
            throw new JpegProcessingException(string.Create(CultureInfo.InvariantCulture, $"JPEG data is expected to begin with 0xFFD8 (ÿØ) not 0x{start:X4}"));
        }

        Span<byte> head = stackalloc byte[LongestPreamble];
        while (true)
        {
            var b = reader.GetByte();
            var marker = reader.GetByte();
            while (b != byte.MaxValue || marker == byte.MaxValue || marker == 0)
            {
                b = marker;
                marker = reader.GetByte();
            }

            var type = (JpegSegmentType)marker;
            if (type is JpegSegmentType.Sos or JpegSegmentType.Eoi)
            {
                return;
            }

            var length = reader.GetUInt16() - 2;
            if (length < 0)
            {
                throw new JpegProcessingException("JPEG segment size would be less than zero");
            }

            if (types.Contains(type))
            {
                var position = reader.Position;
                if (type == JpegSegmentType.App1 && position + length <= stream.Length)
                {
                    // The whole segment is in the file, so reading it could not fail: look at its start and skip it
                    // unread if neither reader wants it.
                    var peek = head[..Math.Min(length, LongestPreamble)];
                    stream.ReadExactly(peek);
                    stream.Position = position;
                    if (!peek.StartsWith(ExifPreamble) && !peek.StartsWith(XmpPreamble))
                    {
                        reader.Skip(length);
                        continue;
                    }
                }

                segments.Add(new JpegSegment(type, reader.GetBytes(length), position));
            }
            else if (!reader.TrySkip(length))
            {
                return;
            }
        }
    }
}
