using System.Buffers.Binary;
using System.Text;
using EvidencePipe.Model;
using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.Media.MediaTestFiles;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// XmpZoneScan decides whether a JPEG's XMP is parsed when Exif already gave a naive DateTimeOriginal (only a zoned XMP
/// date can then change the capture time). The JPEGs here are built by hand: a naive Exif DateTimeOriginal in front of
/// the XMP packet of fixtures/images/synthetic/xmp-original.jpg (2023-05-06T07:08:09+09:00, written by exiftool), so the
/// expected times are computed here from the stated values.
/// </summary>
public sealed class XmpZoneScanTests
{
    [Theory]
    [InlineData("<exif:DateTimeOriginal>2023-05-06T07:08:09+09:00</exif:DateTimeOriginal>", true)]
    [InlineData("<exif:DateTimeOriginal>2023-05-06T07:08:09.25-0500</exif:DateTimeOriginal>", true)]
    [InlineData("<exif:DateTimeOriginal>2023-05-06T07:08Z</exif:DateTimeOriginal>", true)]
    [InlineData("photoshop:DateCreated='2023-05-06T07:08:09Z'", true)]
    [InlineData("<exif:DateTimeOriginal>2023-05-06T07:08:09&#43;09:00</exif:DateTimeOriginal>", true)]
    [InlineData("<exif:DateTimeOriginal>2023-05-06T07:08:09</exif:DateTimeOriginal>", false)]
    [InlineData("<exif:DateTimeOriginal>2023-05-06</exif:DateTimeOriginal><xmp:Rating>5</xmp:Rating>", false)]
    [InlineData("<rdf:Description rdf:about='' xmlns:x='adobe:ns:meta/'>12:34 +1</rdf:Description>", false)]
    [InlineData("", false)]
    public void A_packet_may_state_a_zoned_time_only_if_a_time_is_followed_by_Z_or_a_signed_offset(string packet, bool expected) =>
        Assert.Equal(expected, XmpZoneScan.MayStateZonedTime(Encoding.UTF8.GetBytes(packet)));

    [Fact]
    public async Task A_naive_Exif_original_takes_the_zone_of_a_zoned_XMP_date_showing_the_same_wall_clock()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("zoned.jpg");
        File.WriteAllBytes(path, WithExifOriginal(File.ReadAllBytes(Synthetic("xmp-original.jpg")), "2023:05:06 07:08:09"));

        var (media, _) = await ReadOneAsync(path);

        // 07:08:09 at +09:00 is 22:08:09 UTC the day before.
        Assert.Equal(new DateTimeOffset(2023, 5, 5, 22, 8, 9, TimeSpan.Zero), media.Time.Utc);
        Assert.Equal(TimeSpan.FromHours(9), media.Time.Offset);
        Assert.EndsWith("time from " + CaptureBasis.ExifOriginalXmpZone("exif:DateTimeOriginal"), media.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_naive_Exif_original_beside_an_XMP_date_without_a_zone_is_read_in_the_case_zone()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("unzoned.jpg");
        var original = File.ReadAllBytes(Synthetic("xmp-original.jpg"));
        // The same packet with its zone blanked out (same length, so every segment length stays right).
        var unzoned = Replace(original, "07:08:09+09:00<"u8.ToArray(), "07:08:09      <"u8.ToArray());
        File.WriteAllBytes(path, WithExifOriginal(unzoned, "2023:05:06 07:08:09"));

        var (media, context) = await ReadOneAsync(path);

        Assert.Equal(TimeBasis.NaiveLocal, media.Time.Basis);
        Assert.EndsWith("time from " + CaptureBasis.ExifOriginal + CaptureBasis.NoOffsetSuffix, media.Text, StringComparison.Ordinal);
        Assert.Contains(context.Diagnostics, d => d.Reason.StartsWith("Exif DateTimeOriginal 2023-05-06 07:08:09 states no UTC offset", StringComparison.Ordinal));
    }

    /// <summary>
    /// Inserts after SOI an APP1 Exif segment (Exif 2.32 §4.5.4, TIFF 6.0 §2): little-endian TIFF header, IFD0 with one
    /// ExifIFDPointer (0x8769), the Exif IFD with one DateTimeOriginal (0x9003, ASCII, 20 bytes).
    /// </summary>
    private static byte[] WithExifOriginal(byte[] jpeg, string dateTimeOriginal)
    {
        var tiff = new byte[8 + 18 + 18 + 20];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        Entry(tiff.AsSpan(8), 0x8769, type: 4, count: 1, value: 26);
        Entry(tiff.AsSpan(26), 0x9003, type: 2, count: 20, value: 44);
        Encoding.ASCII.GetBytes(dateTimeOriginal).CopyTo(tiff.AsSpan(44));

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    // One IFD with one 12-byte entry and a zero next-IFD offset.
    private static void Entry(Span<byte> ifd, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(ifd, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(ifd[2..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(ifd[4..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(ifd[6..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(ifd[10..], value);
        BinaryPrimitives.WriteUInt32LittleEndian(ifd[14..], 0);
    }

    private static byte[] Replace(byte[] data, byte[] from, byte[] to)
    {
        var at = data.AsSpan().IndexOf(from);
        Assert.True(at >= 0, "the fixture's XMP date is where the test expects it");
        var copy = data.ToArray();
        to.CopyTo(copy, at);
        return copy;
    }
}
