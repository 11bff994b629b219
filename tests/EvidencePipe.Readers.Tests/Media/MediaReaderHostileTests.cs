using EvidencePipe.Model;
using EvidencePipe.Reading;
using EvidencePipe.TestSupport;
using static EvidencePipe.Readers.Tests.Media.MediaTestFiles;

namespace EvidencePipe.Readers.Tests.Media;

/// <summary>Damaged files: nothing escapes the reader, every loss is a diagnostic.</summary>
public sealed class MediaReaderHostileTests
{
    [Fact]
    public async Task An_empty_file_is_skipped_with_a_diagnostic()
    {
        using var dir = new TempDirectory();
        var (events, context) = await ReadBytesAsync(dir, "empty.jpg", []);

        Assert.Empty(events);
        Assert.Equal(1, context.Skipped);
        Assert.Contains("empty", context.Diagnostics[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_are_skipped_as_no_known_signature()
    {
        using var dir = new TempDirectory();
        var (events, context) = await ReadBytesAsync(dir, "noise.heic", RandomBytes(5000, seed: 1));

        Assert.Empty(events);
        Assert.Equal(1, context.Skipped);
        Assert.Contains("signature", context.Diagnostics[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JPEG_cut_inside_its_Exif_segment_still_yields_an_event_and_says_what_was_lost()
    {
        using var dir = new TempDirectory();
        var bytes = (await File.ReadAllBytesAsync(Fixture("HTC Desire.jpg")))[..600];
        var (events, context) = await ReadBytesAsync(dir, "cut.jpg", bytes);

        var media = Assert.Single(events);
        Assert.Equal(EventKind.Media, media.Kind);
        Assert.Equal(600, media.Attachments[0].Size);
        Assert.NotEmpty(context.Diagnostics);
    }

    [Fact]
    public async Task A_HEIF_file_cut_before_its_Exif_extent_is_reported_and_still_listed()
    {
        using var dir = new TempDirectory();
        var bytes = (await File.ReadAllBytesAsync(Fixture("Issue 437 (dotnet).heic")))[..8192];
        var (events, context) = await ReadBytesAsync(dir, "cut.heic", bytes);

        Assert.Single(events);
        var recovered = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered);
        Assert.Contains("could not be recovered by hand either", recovered.Reason, StringComparison.Ordinal);
        Assert.Contains("outside the file", recovered.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_HEIF_signature_followed_by_garbage_never_throws(int seed)
    {
        using var dir = new TempDirectory();
        var head = (await File.ReadAllBytesAsync(Fixture("Issue 437 (dotnet).heic")))[..40];
        var (events, context) = await ReadBytesAsync(dir, "garbage.heic", [.. head, .. RandomBytes(20_000, seed)]);

        Assert.True(events.Count <= 1);
        Assert.NotEmpty(context.Diagnostics);
    }

    [Fact]
    public async Task A_HEIF_whose_meta_box_is_scrambled_reports_the_damage()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("Issue 437 (dotnet).heic"));
        // Overwrite the meta box's children (after ftyp and the meta header) with noise.
        var meta = bytes.AsSpan().IndexOf("meta"u8);
        RandomBytes(600, seed: 9).CopyTo(bytes, meta + 8);
        var (events, context) = await ReadBytesAsync(dir, "scrambled.heic", bytes);

        Assert.True(events.Count <= 1);
        Assert.Contains(context.Diagnostics, d => d.Severity is DiagnosticSeverity.Recovered or DiagnosticSeverity.Skipped);
    }

    [Fact]
    public async Task A_PNG_with_a_corrupt_chunk_is_listed_with_a_diagnostic()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("sampleWithExifData.png"));
        bytes[12] ^= 0xFF; // IHDR chunk type
        var (events, context) = await ReadBytesAsync(dir, "corrupt.png", bytes);

        Assert.True(events.Count <= 1);
        Assert.NotEmpty(context.Diagnostics);
    }

    /// <summary>
    /// An <c>ipma</c> whose 32-bit entry_count is damaged to 2^30: MetadataExtractor 2.4.3 would allocate an array of a
    /// billion entries (8 GiB) before reading one (HeifBoxCounts). The file is still listed, its Exif recovered by hand,
    /// and the diagnostic names the box, its offset and the count — read here from the bytes the test wrote.
    /// </summary>
    [Fact]
    public async Task A_HEIF_whose_ipma_declares_a_billion_entries_is_kept_from_MetadataExtractor_and_still_dated()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("heic-iphone7.heic"));
        var box = bytes.AsSpan().IndexOf("ipma"u8) - 4;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(box + 12), 1u << 30);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var (events, context) = await ReadBytesAsync(dir, "ipma.heic", bytes);

        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - allocated < 256L << 20);
        var media = Assert.Single(events);
        Assert.NotEqual(TimeBasis.FileModified, media.Time.Basis);
        var recovered = Assert.Single(context.Diagnostics, d => d.Severity == DiagnosticSeverity.Recovered);
        Assert.Contains($"the ipma box at byte {box} declares 1073741824 entries", recovered.Reason, StringComparison.Ordinal);
        Assert.Contains("not given to MetadataExtractor", recovered.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same iPhone file with its <c>iloc</c> marked version 2: item_count becomes the 32 bits after the field sizes
    /// (ISO/IEC 14496-12 §8.11.3.2), 3,342,337 entries of at least 10 bytes in an 832-byte box.
    /// </summary>
    [Fact]
    public async Task A_HEIF_whose_iloc_count_cannot_fit_its_box_is_kept_from_MetadataExtractor()
    {
        using var dir = new TempDirectory();
        var bytes = await File.ReadAllBytesAsync(Fixture("heic-iphone7.heic"));
        var box = bytes.AsSpan().IndexOf("iloc"u8) - 4;
        bytes[box + 8] = 2;
        var count = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(box + 14));

        var (events, context) = await ReadBytesAsync(dir, "iloc.heic", bytes);

        Assert.Equal(3_342_337u, count);
        Assert.Single(events);
        Assert.Contains(context.Diagnostics, d => d.Reason.Contains($"the iloc box at byte {box} declares {count} entries", StringComparison.Ordinal));
    }

    private static async Task<(List<CommunicationEvent> Events, ReadContext Context)> ReadBytesAsync(TempDirectory dir, string name, byte[] bytes)
    {
        var path = dir.Combine(name);
        await File.WriteAllBytesAsync(path, bytes);
        return await ReadAsync(path);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
