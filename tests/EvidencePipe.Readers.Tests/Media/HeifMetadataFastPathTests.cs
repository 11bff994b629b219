using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.FileType;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.QuickTime;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// <see cref="HeifMetadataFastPath"/> against the oracle it stands in for, MetadataExtractor 2.4.3's
/// <c>ImageMetadataReader</c>: for every HEIF fixture, whole, cut at fixed points and at every box boundary, with every
/// box header's size and type changed and with bytes of the <c>meta</c> box overwritten, whenever the fast path
/// answers, MetadataExtractor reads the same file without throwing and yields the same directories in the same order —
/// type, name, errors and every tag (of the HEIC property directories, the image size, the only tags read).
/// Where the fast path gives up, MediaMetadataLoader runs MetadataExtractor itself, so those variants need no comparison.
/// </summary>
public sealed class HeifMetadataFastPathTests
{
    public static TheoryData<string> Heifs()
    {
        var data = new TheoryData<string>();
        foreach (var path in System.IO.Directory.GetFiles(RepoPaths.Fixture("images"), "*.heic").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Heifs))]
    public void Every_fixture_HEIF_whole_cut_and_damaged_yields_MetadataExtractor_s_directories_whenever_the_fast_path_answers(string name)
    {
        var bytes = File.ReadAllBytes(MediaTestFiles.Fixture(name));
        var answered = 0;
        var count = 0;
        foreach (var (what, variant) in Variants(bytes))
        {
            count++;
            var fast = HeifMetadataFastPath.TryRead(new MemoryStream(variant));
            if (fast is null)
            {
                continue;
            }

            answered++;
            IReadOnlyList<MeDirectory> expected;
            try
            {
                expected = ImageMetadataReader.ReadMetadata(new MemoryStream(variant));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Assert.Fail($"{name} ({what}): the fast path answered, but MetadataExtractor throws {ex.GetType().Name}: {ex.Message}");
                return;
            }

            Assert.Equal(Project(expected), Project(fast));
        }

        // The whole file is answered unless MetadataExtractor itself cannot read it (Issue 437 makes it throw), and then
        // not only the whole file: damaged variants the fast path still accepts were compared too.
        if (!MetadataExtractorThrows(bytes))
        {
            Assert.NotNull(HeifMetadataFastPath.TryRead(new MemoryStream(bytes)));
            Assert.True(answered > count / 20, $"{name}: only {answered} of {count} variants answered");
        }
    }

    [Fact]
    public void A_minimal_HEIF_built_by_hand_gives_its_image_size_and_Exif_make()
    {
        var heif = MinimalHeif(out _);

        var directories = HeifMetadataFastPath.TryRead(new MemoryStream(heif));

        Assert.NotNull(directories);
        var properties = Assert.Single(directories.OfType<HeicImagePropertiesDirectory>());
        Assert.Equal(640, properties.GetInt32(HeicImagePropertiesDirectory.TagImageWidth));
        Assert.Equal(480, properties.GetInt32(HeicImagePropertiesDirectory.TagImageHeight));
        Assert.Equal("TestCam", Assert.Single(directories.OfType<ExifIfd0Directory>()).GetString(ExifDirectoryBase.TagMake));
        Assert.Equal(Project(ImageMetadataReader.ReadMetadata(new MemoryStream(heif))), Project(directories));
    }

    [Fact]
    public void A_content_description_reference_to_an_item_missing_from_iloc_is_left_to_MetadataExtractor()
    {
        // The cdsc reference names item 2; renumber its iloc entry to 3, so MetadataExtractor's First() throws.
        var heif = MinimalHeif(out var ilocItemId);
        BinaryPrimitives.WriteUInt16BigEndian(heif.AsSpan(ilocItemId), 3);

        Assert.Null(HeifMetadataFastPath.TryRead(new MemoryStream(heif)));
        Assert.True(MetadataExtractorThrows(heif));
    }

    [Fact]
    public void A_meta_box_that_ends_the_file_is_left_unread_as_MetadataExtractor_leaves_it()
    {
        // MetadataExtractor's BoxReader stops at a box that reaches the end of the file, so it finds no Exif there.
        var heif = MinimalHeif(out _);
        var mdat = heif.Length - MdatLength;
        var cut = heif[..mdat];

        Assert.Null(HeifMetadataFastPath.TryRead(new MemoryStream(cut)));
        Assert.DoesNotContain(ImageMetadataReader.ReadMetadata(new MemoryStream(cut)), d => d is ExifIfd0Directory);
    }

    [Fact]
    public void A_pixi_box_shorter_than_its_channel_count_is_left_to_MetadataExtractor()
    {
        // pixi (ISO/IEC 23008-12 §6.5.6): full box, num_channels = 3, but one bits_per_channel byte. The boxes still tile,
        // yet MetadataExtractor reads three bytes, past the box, and throws.
        var heif = MinimalHeif(out _, secondProperty: Box("pixi", [0, 0, 0, 0, 3, 8]));

        Assert.Null(HeifMetadataFastPath.TryRead(new MemoryStream(heif)));
        Assert.True(MetadataExtractorThrows(heif));
    }

    [Fact]
    public void A_pixi_box_as_long_as_its_channel_count_is_read_on_the_fast_path_like_MetadataExtractor_reads_it()
    {
        var heif = MinimalHeif(out _, secondProperty: Box("pixi", [0, 0, 0, 0, 3, 8, 8, 8]));

        var directories = HeifMetadataFastPath.TryRead(new MemoryStream(heif));

        Assert.NotNull(directories);
        Assert.Equal(Project(ImageMetadataReader.ReadMetadata(new MemoryStream(heif))), Project(directories));
    }

    private static bool MetadataExtractorThrows(byte[] bytes)
    {
        try
        {
            ImageMetadataReader.ReadMetadata(new MemoryStream(bytes));
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return true;
        }
    }

    /// <summary>One line per directory the event or a diagnostic can use, in order.</summary>
    private static List<string> Project(IEnumerable<MeDirectory> directories)
    {
        var lines = new List<string>();
        foreach (var directory in directories)
        {
            if (directory is QuickTimeFileTypeDirectory or FileTypeDirectory
                || (directory is HeicImagePropertiesDirectory && !directory.ContainsTag(HeicImagePropertiesDirectory.TagImageWidth)))
            {
                continue; // no errors, and nothing reads them (see HeifMetadataFastPath)
            }

            List<int> tags = directory is HeicImagePropertiesDirectory
                ? [HeicImagePropertiesDirectory.TagImageWidth, HeicImagePropertiesDirectory.TagImageHeight]
                : directory.Tags.Select(t => t.Type).ToList();
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{directory.GetType().Name} '{directory.Name}' errors [{string.Join(" | ", directory.Errors)}]");
            foreach (var tag in tags)
            {
                text.Append(CultureInfo.InvariantCulture, $" {tag:x4}={Format(directory.GetObject(tag))}");
            }

            lines.Add(text.ToString());
        }

        return lines;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The file whole, cut, with box headers changed and with bytes of meta overwritten (seeded).</summary>
    private static IEnumerable<(string What, byte[] Bytes)> Variants(byte[] bytes)
    {
        yield return ("whole", bytes);
        var boxes = Boxes(bytes, 0, bytes.Length, 0).ToList();
        var cuts = new SortedSet<int> { 0, 8, 16, 100, 1000, 4096, 30000, bytes.Length / 2, bytes.Length - 1 };
        foreach (var (start, size, header, _) in boxes)
        {
            cuts.UnionWith([start + header, (int)(start + size - 1), (int)(start + size)]);
        }

        foreach (var cut in cuts.Where(c => c >= 0 && c < bytes.Length))
        {
            yield return ($"cut at {cut}", bytes[..cut]);
        }

        string[] types = ["free", "ispe", "colr", "iloc", "ipma", "infe", "pitm", "iref", "meta", "hvcC"];
        for (var i = 0; i < boxes.Count; i++)
        {
            var (start, size, header, type) = boxes[i];
            foreach (var newSize in new long[] { size - 9, size - 1, size + 8, 0, 1 })
            {
                if (header == 8 && newSize >= 0)
                {
                    var changed = (byte[])bytes.Clone();
                    BinaryPrimitives.WriteUInt32BigEndian(changed.AsSpan(start), (uint)newSize);
                    yield return ($"box {i} '{type}' size {newSize}", changed);
                }
            }

            foreach (var newType in types.Where(t => t != type).Take(4 + (i % 3)))
            {
                var changed = (byte[])bytes.Clone();
                Encoding.ASCII.GetBytes(newType).CopyTo(changed, start + 4);
                yield return ($"box {i} '{type}' as '{newType}'", changed);
            }

            if (size > header + 4)
            {
                var changed = (byte[])bytes.Clone();
                changed[start + header] ^= 0x03; // the version of a full box, or a first field
                yield return ($"box {i} '{type}' first byte", changed);
            }
        }

        var meta = boxes.FirstOrDefault(b => b.Type == "meta");
        var (low, high) = meta.Size > 0 ? (meta.Start, (int)(meta.Start + meta.Size)) : (0, Math.Min(bytes.Length, 70_000));
        var random = new Random(23_008);
        for (var i = 0; i < 60; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + (i % 5); k++)
            {
                damaged[random.Next(low, high)] = (byte)random.Next(256);
            }

            yield return ($"damaged {i}", damaged);
        }
    }

    /// <summary>The boxes at the top level and in the meta tree (ISO/IEC 14496-12 §4.2), as (start, size, header, type).</summary>
    private static IEnumerable<(int Start, long Size, int Header, string Type)> Boxes(byte[] bytes, int start, int end, int depth)
    {
        var position = start;
        while (position + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position));
            var type = Encoding.ASCII.GetString(bytes, position + 4, 4);
            var header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(position + 8));
                header = 16;
            }

            if (size < header || position + size > end)
            {
                yield break;
            }

            yield return (position, size, header, type);
            int? children = type switch
            {
                "meta" => 4,
                "iinf" => bytes[position + header] == 0 ? 6 : 8,
                "dinf" or "iprp" or "ipco" => 0,
                "dref" => 8,
                _ => null,
            };
            if (children is { } skip && depth < 6)
            {
                foreach (var child in Boxes(bytes, position + header + skip, (int)(position + size), depth + 1))
                {
                    yield return child;
                }
            }

            position += (int)size;
        }
    }

    private const int MdatLength = 8 + 4 + 6 + TiffLength;
    private const int TiffLength = 8 + 18 + 8;

    /// <summary>
    /// ftyp (heic), meta (hdlr pict, pitm 1, iinf: 1 hvc1 + 2 Exif, iref cdsc 2→1, iprp: ipco [ispe 640×480], ipma 1→[1],
    /// iloc v0 with 4-byte offsets and lengths), mdat holding the Exif item: exif_tiff_header_offset 6, "Exif\0\0", a
    /// big-endian TIFF whose IFD0 has one tag, Make = "TestCam" (ISO/IEC 23008-12 §§6.4, 9.3, Annex A.2.1; TIFF 6.0 §2).
    /// </summary>
    private static byte[] MinimalHeif(out int ilocItemIdOffset, byte[]? secondProperty = null)
    {
        byte[] ftyp = Box("ftyp", [.. "heic"u8, 0, 0, 0, 0, .. "mif1"u8, .. "heic"u8]);
        byte[] hdlr = Box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, .. "pict"u8, .. new byte[12], 0]);
        byte[] pitm = Box("pitm", [0, 0, 0, 0, 0, 1]);
        byte[] iinf = Box("iinf", [0, 0, 0, 0, 0, 2,
            .. Box("infe", [2, 0, 0, 0, 0, 1, 0, 0, .. "hvc1"u8, 0]),
            .. Box("infe", [2, 0, 0, 0, 0, 2, 0, 0, .. "Exif"u8, 0])]);
        byte[] iref = Box("iref", [0, 0, 0, 0, .. Box("cdsc", [0, 2, 0, 1, 0, 1])]);
        byte[] ispe = Box("ispe", [0, 0, 0, 0, 0, 0, 0x02, 0x80, 0, 0, 0x01, 0xE0]);
        byte[] iprp = secondProperty is null
            ? Box("iprp", [.. Box("ipco", ispe), .. Box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0x81])])
            : Box("iprp", [.. Box("ipco", [.. ispe, .. secondProperty]), .. Box("ipma", [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0x81, 0x02])]);
        byte[] iloc(uint exifOffset) => Box("iloc", [0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 2, 0, 0, 0, 1, .. U32(exifOffset), .. U32(MdatLength - 8)]);
        var metaWithout = 8 + 4 + hdlr.Length + pitm.Length + iinf.Length + iref.Length + iprp.Length;
        var ilocLength = iloc(0).Length;
        var exifOffset = (uint)(ftyp.Length + metaWithout + ilocLength + 8);
        byte[] meta = Box("meta", [0, 0, 0, 0, .. hdlr, .. pitm, .. iinf, .. iref, .. iprp, .. iloc(exifOffset)]);
        ilocItemIdOffset = ftyp.Length + metaWithout + 8 + 4 + 2 + 2;

        byte[] tiff = [.. "MM\0*"u8, 0, 0, 0, 8, 0, 1, 0x01, 0x0F, 0, 2, 0, 0, 0, 8, 0, 0, 0, 26, 0, 0, 0, 0, .. "TestCam\0"u8];
        byte[] mdat = Box("mdat", [0, 0, 0, 6, .. "Exif\0\0"u8, .. tiff]);
        Assert.Equal(TiffLength, tiff.Length);
        Assert.Equal(MdatLength, mdat.Length);
        return [.. ftyp, .. meta, .. mdat];
    }

    private static byte[] Box(string type, byte[] body) => [.. U32((uint)(8 + body.Length)), .. Encoding.ASCII.GetBytes(type), .. body];

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
