using System.Buffers.Binary;
using System.Globalization;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// Finds, before MetadataExtractor 2.4.3 sees a HEIF file, a box it would size an array from without checking the count
/// against the box: <c>ipma</c>'s 32-bit <c>entry_count</c> (ISO/IEC 23008-12 §9.3.2) and a version-2 <c>iloc</c>'s 32-bit
/// <c>item_count</c> (ISO/IEC 14496-12 §8.11.3.2). A damaged or renamed box can declare a billion entries in a few
/// bytes; MetadataExtractor's <c>new ItemPropertyAssociationEntry[EntryCount]</c> then commits gigabytes before it reads
/// the first entry, and a fuzzing run over damaged copies of the fixtures had the process killed by the kernel's
/// out-of-memory killer at 24 GB (benchmarks/results/2026-12-05-issue18-reader-2.md) — one file would end a lab's batch.
/// Such a file is not given to MetadataExtractor; its Exif is recovered by hand (<see cref="HeifExifLocator"/>) and the
/// reason is a diagnostic. The walk follows MetadataExtractor's <c>BoxReader</c>: top-level boxes in file order (one that
/// ends at or past the end of the file ends the walk), and the children of <c>meta</c>, <c>dinf</c>, <c>dref</c>,
/// <c>iinf</c>, <c>iprp</c> and <c>ipco</c>; counts that fit in 16 bits cannot ask for more than a few hundred KB.
/// </summary>
internal static class HeifBoxCounts
{
    private const uint Meta = 0x6D657461, Dinf = 0x64696E66, Dref = 0x64726566, Iinf = 0x69696E66, Iprp = 0x69707270;
    private const uint Ipco = 0x6970636F, Ipma = 0x69706D61, Iloc = 0x696C6F63;
    private const int MaxDepth = 8;

    /// <summary>What is impossible about the file's counts, or null when every such count fits its box.</summary>
    public static string? FindImpossibleCount(Stream stream)
    {
        var length = stream.Length;
        return Walk(stream, 0, length, length, 0);
    }

    private static string? Walk(Stream stream, long start, long end, long fileLength, int depth)
    {
        Span<byte> bytes = stackalloc byte[16];
        var position = start;
        while (position < end && fileLength - position >= 8)
        {
            if (IsoBoxHeader.Read(stream, position, fileLength, bytes, out var size, out var type, out var header) != IsoBoxHeader.Outcome.Read)
            {
                return null;
            }

            // A size of 0 or under its header makes MetadataExtractor throw at this box, before any count is read; a box
            // that ends at or past the end of the file is not read (BoxReader.ReadBox).
            if (size < header || position + size >= fileLength)
            {
                return null;
            }

            var body = position + header;
            var boxEnd = position + size;
            var problem = type switch
            {
                Ipma => CheckIpma(stream, position, body, boxEnd, bytes),
                Iloc => CheckIloc(stream, position, body, boxEnd, bytes),
                Meta when depth < MaxDepth => Walk(stream, body + 4, boxEnd, fileLength, depth + 1),
                Dinf or Iprp or Ipco when depth < MaxDepth => Walk(stream, body, boxEnd, fileLength, depth + 1),
                Dref when depth < MaxDepth => Walk(stream, body + 8, boxEnd, fileLength, depth + 1),
                Iinf when depth < MaxDepth => Walk(stream, body + (ReadByte(stream, body, bytes) == 0 ? 6 : 8), boxEnd, fileLength, depth + 1),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }

            position = boxEnd;
        }

        return null;
    }

    // §9.3.2: version and flags (4 bytes), entry_count (4); each entry at least an item_ID (2 bytes before version 1,
    // 4 from it) and an association_count (1).
    private static string? CheckIpma(Stream stream, long position, long body, long boxEnd, Span<byte> bytes)
    {
        if (boxEnd - body < 8)
        {
            return null;
        }

        stream.Position = body;
        stream.ReadExactly(bytes[..8]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        var smallest = bytes[0] < 1 ? 3 : 5;
        return Impossible("ipma", position, count, boxEnd - body - 8, smallest);
    }

    // §8.11.3.2: version and flags (4), the four field sizes (2), item_count (4 bytes in version 2, else 2: at most
    // 65,535 entries); each version-2 entry at least item_ID (4), construction_method (2), data_reference_index (2) and
    // extent_count (2).
    private static string? CheckIloc(Stream stream, long position, long body, long boxEnd, Span<byte> bytes)
    {
        if (boxEnd - body < 10 || ReadByte(stream, body, bytes) != 2)
        {
            return null;
        }

        stream.Position = body + 6;
        stream.ReadExactly(bytes[..4]);
        return Impossible("iloc", position, BinaryPrimitives.ReadUInt32BigEndian(bytes), boxEnd - body - 10, 10);
    }

    private static string? Impossible(string box, long position, uint count, long room, int smallestEntry) =>
        count > room / smallestEntry
            ? string.Create(CultureInfo.InvariantCulture, $"the {box} box at byte {position} declares {count} entries but holds {Math.Max(0, room)} bytes for them (at least {smallestEntry} each); its metadata was not given to MetadataExtractor 2.4.3, which would allocate for every declared entry")
            : null;

    private static int ReadByte(Stream stream, long at, Span<byte> bytes)
    {
        stream.Position = at;
        stream.ReadExactly(bytes[..1]);
        return bytes[0];
    }
}
