namespace EvidencePipe.Readers.Media;

/// <summary>
/// What MetadataExtractor 2.4.3's <c>FileTypeDetector</c> would call a file, for the two families the media reader hands
/// to a format reader directly (PNG, HEIF) instead of through <c>ImageMetadataReader</c>: the detector's static
/// constructor builds its byte tries (~10 ms of the reader thread's CPU per process in the AOT ingest of the 360 photos,
/// 39 of its 451 perf samples; <c>benchmarks/results/2026-12-05-issue18-reader-2.md</c>), and the family is already
/// known from <see cref="MediaMagic"/>. Only where the detector's answer is certain is it skipped:
/// <list type="bullet">
/// <item>PNG: its 16-byte trie entry, the signature and the IHDR chunk header (PNG spec §5.2, §11.2.2); no other entry
/// starts with 0x89;</item>
/// <item>HEIF: a zero first byte (an ftyp box under 16 MiB) and not ICO's 00 00 01 00, so that no root-trie entry
/// matches (of those, only ICO's starts with a zero byte), then
/// QuickTimeTypeChecker: <c>ftyp</c> at byte 4 and a major brand it maps to HEIF (ISO/IEC 23008-12 Annex B brands
/// mif1/msf1/heic/heix/hevc/hevx).</item>
/// </list>
/// Anything else still goes through <c>ImageMetadataReader</c>, detection and all. The <c>FileTypeDirectory</c> it appends
/// is left out, as for JPEG: nothing reads it and it carries no errors.
/// </summary>
internal static class MetadataExtractorFileType
{
    /// <summary>The first bytes to pass: the PNG entry's 16 (QuickTimeTypeChecker needs 12).</summary>
    public const int HeadLength = 16;

    private static ReadOnlySpan<byte> PngEntry => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    /// <summary>The major brands QuickTimeTypeChecker maps to HEIF, as big-endian four-character codes.</summary>
    public static readonly uint[] HeifMajorBrands = [0x6D696631 /* mif1 */, 0x6D736631 /* msf1 */, 0x68656963 /* heic */, 0x68656978 /* heix */, 0x68657663 /* hevc */, 0x68657678 /* hevx */];

    public static bool IsPng(ReadOnlySpan<byte> head) => head.StartsWith(PngEntry);

    public static bool IsHeif(ReadOnlySpan<byte> head) =>
        head.Length >= 12
        && head[0] == 0 && !head.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0])
        && head[4..8].SequenceEqual("ftyp"u8)
        && HeifMajorBrands.Contains(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head[8..]));
}
