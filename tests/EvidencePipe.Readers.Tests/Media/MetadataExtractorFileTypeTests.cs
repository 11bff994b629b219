using EvidencePipe.Readers.Media;
using EvidencePipe.TestSupport;
using MetadataExtractor.Util;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>
/// <see cref="MetadataExtractorFileType"/> against the detector it stands in for, MetadataExtractor 2.4.3's
/// <c>FileTypeDetector.DetectFileType</c>: whenever it says PNG or HEIF, so does the detector, over every fixture image
/// and 4,000 variants of their first 16 bytes; and on the fixtures themselves it does say so, so the shortcut is taken.
/// </summary>
public sealed class MetadataExtractorFileTypeTests
{
    [Fact]
    public void PNG_and_HEIF_are_named_only_where_MetadataExtractor_s_detector_names_them_and_on_every_fixture_of_those_types()
    {
        var files = System.IO.Directory.GetFiles(RepoPaths.Fixture("images"), "*.*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var named = 0;
        foreach (var file in files)
        {
            var head = File.ReadAllBytes(file).AsSpan(0, (int)Math.Min(64, new FileInfo(file).Length)).ToArray();
            var detected = Detect(head);
            Assert.True(MetadataExtractorFileType.IsPng(head.AsSpan(0, Math.Min(16, head.Length))) == (detected == FileType.Png), $"{file}: detector says {detected}");
            Assert.True(MetadataExtractorFileType.IsHeif(head.AsSpan(0, Math.Min(16, head.Length))) == (detected == FileType.Heif), $"{file}: detector says {detected}");
            named += detected is FileType.Png or FileType.Heif ? 1 : 0;
        }

        Assert.True(named >= 9, $"only {named} PNG/HEIF fixtures"); // 7 HEIC and 2 PNG in fixtures/images alone

        var random = new Random(16);
        var seeds = files.Select(f => File.ReadAllBytes(f).AsSpan(0, 16).ToArray()).Where(h => Detect(h) is FileType.Png or FileType.Heif).ToList();
        for (var i = 0; i < 4000; i++)
        {
            var head = (byte[])seeds[i % seeds.Count].Clone();
            for (var k = 0; k < 1 + (i % 3); k++)
            {
                // Mostly the bytes that decide (size, 'ftyp', brand, signature), sometimes to values that matter (0, 1).
                head[random.Next(16)] = i % 4 == 0 ? (byte)random.Next(2) : (byte)random.Next(256);
            }

            var cut = i % 10 == 0 ? head[..random.Next(17)] : head;
            var detected = Detect(cut);
            Assert.True(!MetadataExtractorFileType.IsPng(cut) || detected == FileType.Png, $"{Convert.ToHexString(cut)}: detector says {detected}");
            Assert.True(!MetadataExtractorFileType.IsHeif(cut) || detected == FileType.Heif, $"{Convert.ToHexString(cut)}: detector says {detected}");
        }
    }

    [Fact]
    public void An_ftyp_header_behind_an_ICO_signature_is_not_taken_for_HEIF()
    {
        // 00 00 01 00 is ICO's signature in the detector's root trie, which wins over QuickTimeTypeChecker.
        byte[] head = [0, 0, 1, 0, .. "ftypheic"u8, 0, 0, 0, 0];

        Assert.Equal(FileType.Ico, Detect(head));
        Assert.False(MetadataExtractorFileType.IsHeif(head));
    }

    private static FileType Detect(byte[] head) => FileTypeDetector.DetectFileType(new MemoryStream(head));
}
