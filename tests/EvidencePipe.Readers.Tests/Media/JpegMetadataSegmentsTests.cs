using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// <see cref="JpegMetadataSegments"/> against the oracle it replaces, MetadataExtractor 2.4.3's own
/// <c>JpegSegmentReader.ReadSegments</c>: for every JPEG in fixtures/images and shared/realdata/images, whole, cut at
/// many points and with bytes overwritten, the same segments in the same order (less only the APP1 segments that are
/// neither Exif nor XMP and lie wholly in the file), the same partial list and the same exception when it fails.
/// </summary>
public sealed class JpegMetadataSegmentsTests
{
    // What MediaMetadataLoader asks for: JpegReader's SOFn types and ExifReader's APP1.
    private static readonly HashSet<JpegSegmentType> Types =
        [.. ((IJpegSegmentMetadataReader)new JpegReader()).SegmentTypes, .. ((IJpegSegmentMetadataReader)new ExifReader()).SegmentTypes];

    private static readonly byte[] ExifPreamble = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpPreamble = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();

    public static TheoryData<string> Jpegs()
    {
        var data = new TheoryData<string>();
        foreach (var path in JpegFiles())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Jpegs))]
    public void Every_fixture_JPEG_whole_cut_and_damaged_yields_MetadataExtractor_s_segments_less_the_unread_APP1_ones(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var variants = new List<(string Name, byte[] Bytes)> { ("whole", bytes) };
        foreach (var cut in new[] { 0, 1, 2, 3, 4, 5, 6, 20, 300, 2000, 4096, 9000, 30000, 65600, bytes.Length / 2, bytes.Length - 1 })
        {
            if (cut < bytes.Length)
            {
                variants.Add(($"cut at {cut}", bytes[..cut]));
            }
        }

        var random = new Random(18);
        for (var i = 0; i < 40; i++)
        {
            var damaged = (byte[])bytes.Clone();
            var limit = Math.Min(damaged.Length, 70_000);
            for (var k = 0; k < 1 + (i % 4); k++)
            {
                damaged[random.Next(limit)] = (byte)random.Next(256);
            }

            variants.Add(($"damaged {i}", damaged));
        }

        foreach (var (name, variant) in variants)
        {
            AssertSameAsMetadataExtractor(variant, $"{Path.GetFileName(path)} ({name})");
        }
    }

    [Fact]
    public void A_vendor_APP1_segment_is_skipped_but_Exif_and_XMP_segments_around_it_are_kept_with_their_offsets()
    {
        // SOI, APP1 "FLIR\0" (40 bytes), APP1 Exif (10 bytes of body), APP1 XMP preamble + "x", SOF0 (11 bytes), SOS.
        byte[] flir = [.. "FLIR\0"u8, .. new byte[35]];
        byte[] exif = [.. ExifPreamble, 1, 2, 3, 4];
        byte[] xmp = [.. XmpPreamble, (byte)'x'];
        byte[] sof = [8, 0, 16, 0, 32, 1, 1, 0x11, 0, 0, 0];
        byte[] jpeg = [0xFF, 0xD8, .. Segment(0xE1, flir), .. Segment(0xE1, exif), .. Segment(0xE1, xmp), .. Segment(0xC0, sof), 0xFF, 0xDA, 0, 2];

        var (segments, failure) = Ours(jpeg);

        Assert.Null(failure);
        Assert.Equal([JpegSegmentType.App1, JpegSegmentType.App1, JpegSegmentType.Sof0], segments.Select(s => s.Type));
        Assert.Equal(exif, segments[0].Bytes);
        Assert.Equal(2 + 4 + flir.Length + 4, segments[0].Offset); // past SOI, FLIR's marker+length+body, Exif's marker+length
        Assert.Equal(xmp, segments[1].Bytes);
        Assert.Equal(sof, segments[2].Bytes);
    }

    [Fact]
    public void A_vendor_APP1_segment_cut_short_by_the_end_of_the_file_fails_as_MetadataExtractor_fails_on_it()
    {
        byte[] exif = [.. ExifPreamble, 1, 2];
        byte[] jpeg = [0xFF, 0xD8, .. Segment(0xE1, exif), 0xFF, 0xE1, 0x01, 0x00, .. "FLIR\0"u8];

        var (segments, failure) = Ours(jpeg);

        var ioFailure = Assert.IsType<IOException>(failure);
        Assert.Equal("End of data reached.", ioFailure.Message);
        Assert.Equal(exif, Assert.Single(segments).Bytes);
    }

    private static byte[] Segment(byte marker, byte[] body) =>
        [0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2), .. body];

    private static void AssertSameAsMetadataExtractor(byte[] jpeg, string what)
    {
        var (expected, expectedFailure) = Theirs(jpeg);
        var (actual, actualFailure) = Ours(jpeg);

        Assert.True(expectedFailure?.GetType() == actualFailure?.GetType(), $"{what}: {expectedFailure?.GetType().Name} expected, {actualFailure?.GetType().Name} thrown");
        Assert.True(expectedFailure?.Message == actualFailure?.Message, $"{what}: '{expectedFailure?.Message}' expected, '{actualFailure?.Message}' thrown");
        var kept = expected.Where(s => s.Type != JpegSegmentType.App1 || Wanted(s.Bytes)).ToList();
        Assert.True(kept.Count == actual.Count, $"{what}: {kept.Count} segments expected, {actual.Count} read");
        for (var i = 0; i < kept.Count; i++)
        {
            Assert.True(kept[i].Type == actual[i].Type && kept[i].Offset == actual[i].Offset, $"{what}: segment {i} differs");
            Assert.True(kept[i].Bytes.AsSpan().SequenceEqual(actual[i].Bytes), $"{what}: segment {i}'s bytes differ");
        }
    }

    private static bool Wanted(byte[] bytes) => bytes.AsSpan().StartsWith(ExifPreamble) || bytes.AsSpan().StartsWith(XmpPreamble);

    private static (List<JpegSegment> Segments, Exception? Failure) Theirs(byte[] jpeg)
    {
        var segments = new List<JpegSegment>();
        try
        {
            segments.AddRange(JpegSegmentReader.ReadSegments(new SequentialStreamReader(new MemoryStream(jpeg)), Types));
            return (segments, null);
        }
        catch (Exception ex) when (ex is JpegProcessingException or IOException)
        {
            return (segments, ex);
        }
    }

    private static (List<JpegSegment> Segments, Exception? Failure) Ours(byte[] jpeg)
    {
        var segments = new List<JpegSegment>();
        try
        {
            JpegMetadataSegments.Read(new MemoryStream(jpeg), Types, segments);
            return (segments, null);
        }
        catch (Exception ex) when (ex is JpegProcessingException or IOException)
        {
            return (segments, ex);
        }
    }

    private static IEnumerable<string> JpegFiles()
    {
        var folders = new[]
        {
            RepoPaths.Fixture("images"),
            Path.Combine(RepoPaths.Root, "..", "shared", "realdata", "images"),
        };
        return folders.Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*.jpg", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
    }
}
