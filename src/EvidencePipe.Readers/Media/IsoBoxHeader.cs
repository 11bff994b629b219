using System.Buffers.Binary;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// An ISO base media file format box header (ISO/IEC 14496-12 §4.2): a 32-bit big-endian size and a four-character
/// type; a size of 1 means a 64-bit size follows the type. Shared by the walks that follow MetadataExtractor's
/// <c>BoxReader</c> over a HEIF file (<see cref="HeifMetadataFastPath"/>, <see cref="HeifBoxCounts"/>).
/// </summary>
internal static class IsoBoxHeader
{
    /// <summary>How reading a header at a position went.</summary>
    public enum Outcome
    {
        /// <summary>Read; the stream is just past the header.</summary>
        Read,

        /// <summary>A 64-bit size was announced but fewer than 16 bytes are left.</summary>
        Truncated,

        /// <summary>The 64-bit size reaches past the end of the file (MetadataExtractor stops there unread).</summary>
        EndsPastFile,
    }

    /// <summary>
    /// Reads the header at <paramref name="position"/>, where at least 8 bytes of the <paramref name="fileLength"/>-byte
    /// file remain. <paramref name="size"/> is the whole box's (0 means "to the end", left to the caller).
    /// </summary>
    public static Outcome Read(Stream stream, long position, long fileLength, Span<byte> scratch, out long size, out uint type, out int headerSize)
    {
        stream.Position = position;
        stream.ReadExactly(scratch[..8]);
        size = BinaryPrimitives.ReadUInt32BigEndian(scratch);
        type = BinaryPrimitives.ReadUInt32BigEndian(scratch[4..]);
        headerSize = 8;
        if (size != 1)
        {
            return Outcome.Read;
        }

        if (fileLength - position < 16)
        {
            return Outcome.Truncated;
        }

        stream.ReadExactly(scratch.Slice(8, 8));
        var large = BinaryPrimitives.ReadUInt64BigEndian(scratch[8..]);
        if (large > (ulong)fileLength)
        {
            return Outcome.EndsPastFile;
        }

        size = (long)large;
        headerSize = 16;
        return Outcome.Read;
    }
}
