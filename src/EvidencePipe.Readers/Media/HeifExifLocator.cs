using System.Buffers.Binary;

namespace EvidencePipe.Readers.Media;

/// <summary>The Exif item found in a HEIF file: its TIFF bytes and where they came from.</summary>
internal sealed record HeifExifItem(byte[] Tiff, uint ItemId, int ExtentCount, long FirstOffset);

/// <summary>
/// Finds the Exif metadata item of a HEIF/HEIC file without MetadataExtractor, for the real files on
/// which MetadataExtractor 2.4.3 throws. ISO/IEC 14496-12: top-level <c>meta</c> (§8.11.1, a full
/// box) holds <c>iinf</c> (§8.11.6; <c>infe</c> v2/v3 give item_ID and item_type, <c>Exif</c> here)
/// and <c>iloc</c> (§8.11.3; extents as file offsets, or offsets into <c>idat</c> for
/// construction_method 1). ISO/IEC 23008-12 Annex A.2.1: the Exif item starts with a 32-bit
/// exif_tiff_header_offset, the number of bytes (normally the 6 of <c>Exif\0\0</c>) before the TIFF header.
/// Reads only box headers, the <c>meta</c> box and the item's extents: never the image data.
/// </summary>
internal static class HeifExifLocator
{
    /// <summary>Bounds what a hostile file can make us allocate.</summary>
    public const int MaxMetaBytes = 16 << 20;

    public const int MaxExifBytes = 16 << 20;

    private const int MaxBoxes = 4096;

    /// <summary>The Exif item, or null with <paramref name="problem"/> saying what was missing or wrong.</summary>
    public static HeifExifItem? Find(Stream stream, out string problem)
    {
        try
        {
            return FindCore(stream, out problem);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidDataException or OverflowException or IndexOutOfRangeException)
        {
            problem = $"the HEIF container is damaged ({ex.GetType().Name}: {ex.Message})";
            return null;
        }
    }

    private static HeifExifItem? FindCore(Stream stream, out string problem)
    {
        var meta = ReadTopLevelMeta(stream);
        if (meta is null)
        {
            problem = "no top-level 'meta' box";
            return null;
        }

        // meta is a FullBox: version and flags come before its children.
        var children = meta.AsSpan(4);
        uint? exifId = null;
        IReadOnlyList<ItemLocation>? locations = null;
        var idatStart = -1;
        var idatLength = 0;
        foreach (var (type, start, length) in Children(children))
        {
            var body = children.Slice(start, length);
            switch (type)
            {
                case "iinf":
                    exifId = FindExifItemId(body);
                    break;
                case "iloc":
                    locations = ParseIloc(body);
                    break;
                case "idat":
                    idatStart = 4 + start;
                    idatLength = length;
                    break;
            }
        }

        if (exifId is null)
        {
            problem = "no 'Exif' item in the 'iinf' box";
            return null;
        }

        var location = locations?.FirstOrDefault(l => l.ItemId == exifId.Value);
        if (location is null)
        {
            problem = $"the 'iloc' box does not locate Exif item {exifId}";
            return null;
        }

        var payload = ReadExtents(stream, location, meta, idatStart, idatLength, out problem);
        if (payload is null)
        {
            return null;
        }

        var tiff = TiffFromExifPayload(payload);
        if (tiff is null)
        {
            problem = $"Exif item {exifId} holds no TIFF header (II*\\0 or MM\\0*) after its exif_tiff_header_offset";
            return null;
        }

        problem = string.Empty;
        return new HeifExifItem(tiff, exifId.Value, location.Extents.Count, location.Extents[0].Offset);
    }

    private static byte[]? ReadTopLevelMeta(Stream stream)
    {
        Span<byte> header = stackalloc byte[16];
        long position = 0;
        var length = stream.Length;
        for (var i = 0; i < MaxBoxes && position + 8 <= length; i++)
        {
            stream.Position = position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerSize = 8;
            if (size == 1)
            {
                stream.ReadExactly(header.Slice(8, 8));
                size = checked((long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]));
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - position;
            }

            if (size < headerSize || position + size > length)
            {
                throw new InvalidDataException($"box at byte {position} has an impossible size {size}");
            }

            if (header[4..8].SequenceEqual("meta"u8))
            {
                var bodyLength = size - headerSize;
                if (bodyLength < 4 || bodyLength > MaxMetaBytes)
                {
                    throw new InvalidDataException($"'meta' box at byte {position} is {bodyLength} bytes long");
                }

                var body = new byte[bodyLength];
                stream.ReadExactly(body);
                return body;
            }

            position += size;
        }

        return null;
    }

    /// <summary>(type, start, length) of each child box's body within <paramref name="span"/>.</summary>
    private static List<(string Type, int Start, int Length)> Children(ReadOnlySpan<byte> span)
    {
        var boxes = new List<(string, int, int)>();
        var position = 0;
        while (position + 8 <= span.Length && boxes.Count < MaxBoxes)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(span[position..]);
            var headerSize = 8;
            if (size == 1)
            {
                if (position + 16 > span.Length)
                {
                    break;
                }

                size = checked((long)BinaryPrimitives.ReadUInt64BigEndian(span[(position + 8)..]));
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = span.Length - position;
            }

            if (size < headerSize || position + size > span.Length)
            {
                throw new InvalidDataException($"child box at meta byte {position} has an impossible size {size}");
            }

            boxes.Add((System.Text.Encoding.ASCII.GetString(span.Slice(position + 4, 4)), position + headerSize, (int)size - headerSize));
            position += (int)size;
        }

        return boxes;
    }

    private static uint? FindExifItemId(ReadOnlySpan<byte> iinf)
    {
        var version = iinf[0];
        var entriesStart = version == 0 ? 6 : 8;
        var entries = iinf[entriesStart..];
        foreach (var (type, start, length) in Children(entries))
        {
            if (type != "infe" || length < 4)
            {
                continue;
            }

            var infe = entries.Slice(start, length);
            var infeVersion = infe[0];
            if (infeVersion < 2)
            {
                continue; // v0/v1 item entries carry no item_type
            }

            var idSize = infeVersion == 2 ? 2 : 4;
            var id = idSize == 2 ? BinaryPrimitives.ReadUInt16BigEndian(infe[4..]) : BinaryPrimitives.ReadUInt32BigEndian(infe[4..]);
            var itemType = infe.Slice(4 + idSize + 2, 4);
            if (itemType.SequenceEqual("Exif"u8))
            {
                return id;
            }
        }

        return null;
    }

    private sealed record ItemLocation(uint ItemId, int ConstructionMethod, ulong BaseOffset, IReadOnlyList<(long Offset, long Length)> Extents);

    private static List<ItemLocation> ParseIloc(ReadOnlySpan<byte> iloc)
    {
        var version = iloc[0];
        var p = 4;
        var offsetSize = iloc[p] >> 4;
        var lengthSize = iloc[p] & 0xF;
        var baseOffsetSize = iloc[p + 1] >> 4;
        var indexSize = version is 1 or 2 ? iloc[p + 1] & 0xF : 0;
        p += 2;
        uint itemCount;
        if (version < 2)
        {
            itemCount = BinaryPrimitives.ReadUInt16BigEndian(iloc[p..]);
            p += 2;
        }
        else
        {
            itemCount = BinaryPrimitives.ReadUInt32BigEndian(iloc[p..]);
            p += 4;
        }

        var items = new List<ItemLocation>();
        for (uint i = 0; i < itemCount && p < iloc.Length; i++)
        {
            uint id;
            if (version < 2)
            {
                id = BinaryPrimitives.ReadUInt16BigEndian(iloc[p..]);
                p += 2;
            }
            else
            {
                id = BinaryPrimitives.ReadUInt32BigEndian(iloc[p..]);
                p += 4;
            }

            var construction = 0;
            if (version is 1 or 2)
            {
                construction = BinaryPrimitives.ReadUInt16BigEndian(iloc[p..]) & 0xF;
                p += 2;
            }

            p += 2; // data_reference_index
            var baseOffset = ReadSized(iloc, ref p, baseOffsetSize);
            var extentCount = BinaryPrimitives.ReadUInt16BigEndian(iloc[p..]);
            p += 2;
            var extents = new List<(long, long)>(extentCount);
            for (var e = 0; e < extentCount; e++)
            {
                if (indexSize > 0)
                {
                    ReadSized(iloc, ref p, indexSize);
                }

                var offset = ReadSized(iloc, ref p, offsetSize);
                var length = ReadSized(iloc, ref p, lengthSize);
                extents.Add((checked((long)(baseOffset + offset)), checked((long)length)));
            }

            items.Add(new ItemLocation(id, construction, baseOffset, extents));
        }

        return items;
    }

    private static ulong ReadSized(ReadOnlySpan<byte> span, ref int position, int size)
    {
        ulong value = size switch
        {
            0 => 0,
            4 => BinaryPrimitives.ReadUInt32BigEndian(span[position..]),
            8 => BinaryPrimitives.ReadUInt64BigEndian(span[position..]),
            _ => throw new InvalidDataException($"iloc field size {size} is not 0, 4 or 8"),
        };
        position += size;
        return value;
    }

    private static byte[]? ReadExtents(Stream stream, ItemLocation location, byte[] meta, int idatStart, int idatLength, out string problem)
    {
        if (location.Extents.Count == 0)
        {
            problem = $"Exif item {location.ItemId} has no extents";
            return null;
        }

        if (location.ConstructionMethod is not (0 or 1))
        {
            problem = $"Exif item {location.ItemId} uses construction_method {location.ConstructionMethod} (item-relative), which is not supported";
            return null;
        }

        long total = 0;
        foreach (var (offset, length) in location.Extents)
        {
            var limit = location.ConstructionMethod == 0 ? stream.Length : idatLength;
            if (length <= 0 || offset < 0 || offset + length > limit)
            {
                problem = $"Exif item {location.ItemId} has an extent ({offset}, {length}) outside the {(location.ConstructionMethod == 0 ? "file" : "'idat' box")}";
                return null;
            }

            total += length;
        }

        if (total > MaxExifBytes)
        {
            problem = $"Exif item {location.ItemId} is {total} bytes long, more than the {MaxExifBytes}-byte limit";
            return null;
        }

        var payload = new byte[total];
        var written = 0;
        foreach (var (offset, length) in location.Extents)
        {
            var target = payload.AsSpan(written, (int)length);
            if (location.ConstructionMethod == 0)
            {
                stream.Position = offset;
                stream.ReadExactly(target);
            }
            else
            {
                if (idatStart < 0)
                {
                    problem = $"Exif item {location.ItemId} is stored in an 'idat' box that is missing";
                    return null;
                }

                meta.AsSpan(idatStart + (int)offset, (int)length).CopyTo(target);
            }

            written += (int)length;
        }

        problem = string.Empty;
        return payload;
    }

    /// <summary>The TIFF bytes after the exif_tiff_header_offset prefix (ISO/IEC 23008-12 A.2.1).</summary>
    internal static byte[]? TiffFromExifPayload(byte[] payload)
    {
        if (payload.Length < 12)
        {
            return null;
        }

        var declared = BinaryPrimitives.ReadUInt32BigEndian(payload);
        if (declared <= (uint)payload.Length - 4 - 8 && IsTiffHeader(payload.AsSpan(4 + (int)declared)))
        {
            return payload[(4 + (int)declared)..];
        }

        // Some writers get the offset wrong: accept a TIFF header within the first bytes, as readers do.
        var window = payload.AsSpan(0, Math.Min(payload.Length - 8, 64));
        for (var i = 0; i < window.Length; i++)
        {
            if (IsTiffHeader(payload.AsSpan(i)))
            {
                return payload[i..];
            }
        }

        return null;
    }

    private static bool IsTiffHeader(ReadOnlySpan<byte> span) => span.StartsWith("II*\0"u8) || span.StartsWith("MM\0*"u8);
}
