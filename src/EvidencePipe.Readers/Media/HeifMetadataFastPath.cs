using System.Buffers;
using System.Buffers.Binary;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.Icc;
using MetadataExtractor.Formats.Xmp;
using MetadataExtractor.IO;
using MeDirectory = MetadataExtractor.Directory;

namespace EvidencePipe.Readers.Media;

/// <summary>
/// The directories MetadataExtractor 2.4.3's <c>ImageMetadataReader</c> returns for a HEIF file, for every one the event
/// or a diagnostic uses, read without its box model — or null, and the caller runs MetadataExtractor itself.
/// <para>
/// Why: MetadataExtractor builds an object per box and reads <c>iloc</c>, <c>ipma</c> and <c>hvcC</c> one bit at a time
/// through a <c>BitReader</c>; on an iPhone HEIC (a 48-tile grid, so ~50 items and associations) that was ~70 % of the
/// file's metadata CPU and most of its ~100 KB allocation
/// (<c>benchmarks/results/2026-12-05-issue18-reader-2.md</c>). Here the <c>meta</c> box is read once into a pooled buffer
/// and walked in place; only the payloads that make directories go through MetadataExtractor's own readers:
/// the Exif item (<c>ExifReader</c>), the XMP item (<c>XmpReader</c>) and ICC colour profiles (<c>IccReader</c>, whose
/// errors become notes).
/// </para>
/// <para>
/// Same result, by construction: the walk mirrors what <c>HeifMetadataReader.ReadMetadata</c> does on a well-formed file
/// — which boxes it parses (every known type at every level under a container, ISO/IEC 14496-12 §4.2 box header,
/// §8.11 <c>meta</c>), where it stops (a top-level box that ends at or past the end of the file is not read), which
/// property associations it follows (the primary item's, the <c>dimg</c> tiles' <c>hvcC</c>/<c>colr</c>, and each
/// <c>thmb</c>/<c>cdsc</c>/<c>mime</c>-referencing item's; ISO/IEC 23008-12 §9.3 <c>ipma</c>, §6.4.3 <c>iref</c>) and
/// which items it reads (single-extent, file-offset items in (base_offset, first extent offset) order; §8.11.3
/// <c>iloc</c>). It gives up (returns null) on anything where MetadataExtractor would throw, read past a box, or where
/// following it exactly is not worth the code: a box header of size 0 or smaller than its header, children that do not
/// tile their parent, a known box shorter than what MetadataExtractor reads from it, a second <c>pitm</c>/<c>iinf</c>/
/// <c>iref</c>/<c>iprp</c>/<c>ipco</c>/<c>ipma</c>/<c>iloc</c>, <c>infe</c> before version 2, an <c>iloc</c> field size
/// other than 0/4/8, a property index outside <c>ipco</c>, a referenced item missing from <c>iinf</c> or <c>iloc</c>,
/// a <c>colr</c> that is neither <c>nclx</c> nor an ICC profile, an item extent that overlaps the previous one, or any
/// exception from the three readers. <c>HeifMetadataFastPathTests</c> compares both paths over every fixture, cut and
/// damaged.
/// </para>
/// Left out, because nothing reads them and they never carry errors: the QuickTime file-type and file-type
/// directories, and the HEIC property tags other than the image size (<c>ispe</c>).
/// </summary>
internal static class HeifMetadataFastPath
{
    /// <summary>Larger <c>meta</c> boxes go to MetadataExtractor (bounds what a hostile file makes us rent).</summary>
    private const int MaxMetaBytes = 4 << 20;

    // Four-character codes (ISO/IEC 14496-12, ISO/IEC 23008-12), big-endian as they appear in the file.
    private const uint Ftyp = 0x66747970, Meta = 0x6D657461, Hdlr = 0x68646C72, Dinf = 0x64696E66, Dref = 0x64726566;
    private const uint Url = 0x75726C20, Urn = 0x75726E20, Pitm = 0x7069746D, Iinf = 0x69696E66, Infe = 0x696E6665;
    private const uint Iref = 0x69726566, Iprp = 0x69707270, Ipco = 0x6970636F, Ispe = 0x69737065, HvcC = 0x68766343;
    private const uint Colr = 0x636F6C72, Irot = 0x69726F74, Pixi = 0x70697869, Idat = 0x69646174, Iloc = 0x696C6F63;
    private const uint Ipma = 0x69706D61, Nclx = 0x6E636C78, Prof = 0x70726F66, Ricc = 0x72494343;
    private const uint Dimg = 0x64696D67, Thmb = 0x74686D62, Cdsc = 0x63647363, Mime = 0x6D696D65, Exif = 0x45786966, Hvc1 = 0x68766331;

    /// <summary>The directories, or null: then the caller must read the file with MetadataExtractor.</summary>
    public static List<MeDirectory>? TryRead(Stream stream)
    {
        var length = stream.Length;
        if (length > int.MaxValue || !FindMeta(stream, length, out var metaStart, out var metaLength))
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(metaLength);
        try
        {
            stream.Position = metaStart;
            stream.ReadExactly(buffer.AsSpan(0, metaLength));
            var boxes = new MetaBoxes();
            return boxes.Walk(buffer.AsSpan(0, metaLength)) ? Directories(stream, length, buffer, boxes) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // A reader threw (or the file changed under us): MetadataExtractor reproduces whatever it does.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The top-level walk of MetadataExtractor's <c>BoxReader.ReadBoxes</c>: boxes in file order while 8 bytes remain; a
    /// box whose end is at or past the end of the file ends the walk unread. Accepts only <c>ftyp</c> first (with a major
    /// brand FileTypeDetector calls HEIF, and a size under 256 so that no other signature matches the first bytes),
    /// one <c>meta</c>, and boxes of types MetadataExtractor does not parse (<c>mdat</c>, <c>free</c>, …).
    /// </summary>
    private static bool FindMeta(Stream stream, long length, out long metaStart, out int metaLength)
    {
        metaStart = -1;
        metaLength = 0;
        Span<byte> header = stackalloc byte[16];
        long position = 0;
        while (length - position >= 8)
        {
            var outcome = IsoBoxHeader.Read(stream, position, length, header, out var size, out var type, out var headerSize);
            if (outcome == IsoBoxHeader.Outcome.Truncated)
            {
                return false;
            }

            if (outcome == IsoBoxHeader.Outcome.EndsPastFile)
            {
                break; // MetadataExtractor stops here
            }

            if (size == 0 || size < headerSize)
            {
                return false;
            }

            if (position + size >= length)
            {
                break;
            }

            switch (type)
            {
                case Ftyp when position == 0:
                    var body = size - headerSize;
                    stream.ReadExactly(header[..4]);
                    if (size >= 256 || body < 8 || (body - 8) % 4 != 0 || !MetadataExtractorFileType.HeifMajorBrands.Contains(BinaryPrimitives.ReadUInt32BigEndian(header)))
                    {
                        return false;
                    }

                    break;
                case Meta when metaStart < 0 && position > 0:
                    if (size - headerSize > MaxMetaBytes)
                    {
                        return false;
                    }

                    metaStart = position + headerSize;
                    metaLength = (int)(size - headerSize);
                    break;
                default:
                    if (position == 0 || IsParsedByMetadataExtractor(type))
                    {
                        return false;
                    }

                    break;
            }

            position += size;
        }

        return metaStart >= 0;
    }

    private static bool IsParsedByMetadataExtractor(uint type) => type is Ftyp or Meta or Hdlr or Dinf or Dref or Url or Urn or Pitm or Iinf or Infe
        or Iref or Iprp or Ipco or Ispe or HvcC or Colr or Irot or Pixi or Idat or Iloc or Ipma;

    private static List<MeDirectory> Directories(Stream stream, long length, byte[] meta, MetaBoxes boxes)
    {
        var directories = new List<MeDirectory>();
        var primary = boxes.PrimaryItem ?? uint.MaxValue;
        var references = boxes.References;
        var itemReferences = references.Where(r => r.Type is Thmb or Cdsc or Mime).ToList();
        if (boxes.Properties is { } properties)
        {
            var tiles = references.Where(r => r.From == primary && r.Type == Dimg).SelectMany(r => r.To).ToHashSet();
            var tileProperties = boxes.PropertiesOf(tiles.Contains)
                .Where(p => properties[p].Type is HvcC or Colr).Distinct();
            AddProperties(directories, "HEIC Primary Item Properties", meta, properties, DirectProperties(boxes, primary).Concat(tileProperties));
            foreach (var reference in itemReferences)
            {
                AddProperties(directories, "HEIC Thumbnail Properties", meta, properties, DirectProperties(boxes, reference.From));
            }
        }

        if (itemReferences.Count == 0)
        {
            return directories;
        }

        var items = new List<(uint Type, Location Location)>(itemReferences.Count);
        foreach (var reference in itemReferences)
        {
            if (!boxes.ItemTypes.TryGetValue(reference.From, out var type) || boxes.FindLocation(meta, reference.From) is not { } location)
            {
                throw new InvalidDataException("a referenced item is not in iinf or iloc"); // MetadataExtractor's First() throws
            }

            items.Add((type, location));
        }

        long position = 0;
        foreach (var (type, location) in items.OrderBy(i => i.Location.BaseOffset).ThenBy(i => i.Location.FirstExtentOffset))
        {
            if (location.ConstructionMethod != 0 || location.ExtentCount != 1)
            {
                continue;
            }

            var offset = checked(location.BaseOffset + location.ExtentOffset);
            var extent = location.ExtentLength;
            switch (type)
            {
                case Hvc1:
                    var thumbnail = new HeicThumbnailDirectory();
                    thumbnail.Set(HeicThumbnailDirectory.TagFileOffset, offset);
                    thumbnail.Set(HeicThumbnailDirectory.TagLength, extent);
                    directories.Add(thumbnail);
                    break;
                case Exif or Mime when checked(offset + extent) <= (ulong)length:
                    if (offset < (ulong)position || extent < 4 || extent > int.MaxValue)
                    {
                        throw new InvalidDataException("item extents out of MetadataExtractor's reading order");
                    }

                    var bytes = ReadAt(stream, (long)offset, (int)extent);
                    position = (long)(offset + extent);
                    if (type == Exif)
                    {
                        directories.AddRange(new ExifReader().Extract(new ByteArrayReader(ExifTiff(bytes))));
                    }
                    else
                    {
                        directories.Add(new XmpReader().Extract(bytes));
                    }

                    break;
            }
        }

        return directories;
    }

    /// <summary>
    /// The Exif item's TIFF block the way MetadataExtractor takes it: if the item starts with <c>MM</c> it is the TIFF
    /// block itself, else its first 32 bits are the exif_tiff_header_offset (ISO/IEC 23008-12 Annex A.2.1) to skip.
    /// </summary>
    private static byte[] ExifTiff(byte[] item)
    {
        var prefix = BinaryPrimitives.ReadUInt32BigEndian(item);
        if (prefix >> 16 == 0x4D4D)
        {
            return item;
        }

        if (prefix > (uint)(item.Length - 4))
        {
            throw new InvalidDataException("exif_tiff_header_offset past the item"); // MetadataExtractor throws too
        }

        return item[(4 + (int)prefix)..];
    }

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        var bytes = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static IEnumerable<int> DirectProperties(MetaBoxes boxes, uint item) =>
        boxes.PropertiesOf(i => i == item);

    /// <summary>One HEIC property directory as HeifMetadataReader fills it; ICC profiles become directories after it.</summary>
    private static void AddProperties(List<MeDirectory> directories, string title, byte[] meta, List<Property> properties, IEnumerable<int> indices)
    {
        var directory = new HeicImagePropertiesDirectory(title);
        directories.Add(directory);
        var any = false;
        foreach (var index in indices)
        {
            var property = properties[index];
            switch (property.Type)
            {
                case Ispe:
                    // ISO/IEC 23008-12 §6.5.3.2: FullBox, then image_width and image_height (32 bits each).
                    directory.Set(HeicImagePropertiesDirectory.TagImageWidth, BinaryPrimitives.ReadUInt32BigEndian(meta.AsSpan(property.Body + 4)));
                    directory.Set(HeicImagePropertiesDirectory.TagImageHeight, BinaryPrimitives.ReadUInt32BigEndian(meta.AsSpan(property.Body + 8)));
                    break;
                case Colr:
                    // ISO/IEC 14496-12 §12.1.5: colour_type, then for 'prof'/'rICC' the ICC profile to the end of the box.
                    if (BinaryPrimitives.ReadUInt32BigEndian(meta.AsSpan(property.Body)) != Nclx)
                    {
                        directories.Add(new IccReader().Extract(new ByteArrayReader(meta.AsSpan(property.Body + 4, property.BodyLength - 4).ToArray())));
                    }

                    break;
                case Irot or Pixi or HvcC:
                    break;
                default:
                    continue;
            }

            any = true;
        }

        if (!any)
        {
            directories.Remove(directory);
        }
    }

    private readonly record struct Property(uint Type, int Body, int BodyLength);

    /// <summary>One ipma entry: its item and its property indices, <see cref="MetaBoxes.PropertyIndices"/>[First..First+Count).</summary>
    private readonly record struct Association(uint Item, int First, int Count);

    private sealed record Reference(uint Type, uint From, uint[] To);

    private readonly record struct Location(uint ConstructionMethod, ulong BaseOffset, ulong? FirstExtentOffset, int ExtentCount, ulong ExtentOffset, ulong ExtentLength);

    /// <summary>The boxes of one <c>meta</c> body that HeifMetadataReader uses, checked as its box readers read them.</summary>
    private sealed class MetaBoxes
    {
        public uint? PrimaryItem { get; private set; }

        public List<Reference> References { get; } = [];

        /// <summary>The <c>ipco</c> children in order (an <c>ipma</c> index n is entry n − 1), or null without <c>iprp</c>.</summary>
        public List<Property>? Properties { get; private set; }

        public List<Association> Associations { get; } = [];

        /// <summary>Every ipma entry's property indices, zero-based, one after another.</summary>
        public List<int> PropertyIndices { get; } = [];

        /// <summary>item_ID → item_type of the first <c>infe</c> with that id (MetadataExtractor's First()).</summary>
        public Dictionary<uint, uint> ItemTypes { get; } = [];

        // The iloc body within meta, read again for the few items looked up (FindLocation) instead of kept per item.
        private int _ilocStart = -1;
        private int _ilocLength;

        // The singular boxes met so far (bits, see Once).
        private int _seen;
        private bool _hasIpma;

        /// <summary>The property indices of the ipma entries whose item matches, in entry order (HeifMetadataReader's order).</summary>
        public IEnumerable<int> PropertiesOf(Func<uint, bool> items)
        {
            foreach (var association in Associations)
            {
                if (items(association.Item))
                {
                    for (var i = 0; i < association.Count; i++)
                    {
                        yield return PropertyIndices[association.First + i];
                    }
                }
            }
        }

        /// <summary>The first iloc entry for <paramref name="item"/> (MetadataExtractor's First()), or null.</summary>
        public Location? FindLocation(byte[] meta, uint item) =>
            _ilocStart < 0 ? null : ItemLocations(meta.AsSpan(_ilocStart, _ilocLength), item);

        /// <summary>The <c>meta</c> body (a FullBox: version and flags first); false where the fast path gives up.</summary>
        public bool Walk(ReadOnlySpan<byte> meta)
        {
            if (meta.Length < 4 || !Children(meta, 4, meta.Length, Meta))
            {
                return false;
            }

            // iprp without ipco or ipma makes HeifMetadataReader throw (a null Boxes / Entries).
            return Properties is null || (_hasIpma && (_seen & 16) != 0 && PropertyIndices.TrueForAll(p => p >= 0 && p < Properties.Count));
        }

        /// <summary>The child boxes of [start, end), which must tile it exactly.</summary>
        private bool Children(ReadOnlySpan<byte> span, int start, int end, uint parent)
        {
            var position = start;
            while (position < end)
            {
                if (!Header(span, position, end, out var type, out var body, out var next) || !Box(span, type, body, next, parent))
                {
                    return false;
                }

                position = next;
            }

            return true;
        }

        private static bool Header(ReadOnlySpan<byte> span, int position, int end, out uint type, out int body, out int next)
        {
            type = 0;
            body = next = 0;
            if (end - position < 8)
            {
                return false;
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(span[position..]);
            type = BinaryPrimitives.ReadUInt32BigEndian(span[(position + 4)..]);
            var headerSize = 8;
            if (size == 1)
            {
                if (end - position < 16)
                {
                    return false;
                }

                var large = BinaryPrimitives.ReadUInt64BigEndian(span[(position + 8)..]);
                size = large > int.MaxValue ? -1 : (long)large;
                headerSize = 16;
            }

            if (size < headerSize || size > end - position)
            {
                return false;
            }

            body = position + headerSize;
            next = position + (int)size;
            return true;
        }

        /// <summary>One box in a container: how much of it MetadataExtractor's reader for its type reads, and what we keep.</summary>
        private bool Box(ReadOnlySpan<byte> span, uint type, int body, int end, uint parent)
        {
            var length = end - body;
            var b = span[body..end];
            if (parent == Ipco && IsParsedByMetadataExtractor(type) && type is not (Ispe or HvcC or Colr or Irot or Pixi or Idat))
            {
                return false; // a container or item box among the properties: not followed
            }

            switch (type)
            {
                case Ftyp or Meta:
                    return false;
                case Dinf:
                    return Children(span, body, end, type);
                case Dref:
                    return length >= 8 && Children(span, body + 8, end, type);
                case Iinf:
                    var entries = length >= 4 ? (b[0] == 0 ? 6 : 8) : int.MaxValue;
                    return Once(type) && length >= entries && Children(span, body + entries, end, type);
                case Iprp:
                    if (!Once(type))
                    {
                        return false;
                    }

                    Properties = [];
                    return Children(span, body, end, type);
                case Ipco:
                    // Properties are recorded only for the ipco directly in iprp (HeifMetadataReader's Descendant within iprp).
                    return Once(type) && parent == Iprp && Properties is not null && Properties.Count == 0 && Children(span, body, end, type);
                case Hdlr:
                    return length >= 24;
                case Url or Urn:
                    return length >= 4;
                case Pitm:
                    if (!Once(type) || length < 4 || length < (b[0] == 0 ? 6 : 8))
                    {
                        return false;
                    }

                    PrimaryItem = b[0] == 0 ? BinaryPrimitives.ReadUInt16BigEndian(b[4..]) : BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
                    return Record(parent, type, body, length);
                case Infe:
                    return ItemInfo(b, parent == Iinf);
                case Iref:
                    return Once(type) && length >= 4 && ItemReferences(span, body, end, b[0]);
                case Ispe:
                    return length >= 12 && Record(parent, type, body, length);
                case HvcC:
                    // HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1): MetadataExtractor reads its first 22 bytes.
                    return length >= 22 && Record(parent, type, body, length);
                case Colr:
                    if (length < 4)
                    {
                        return false;
                    }

                    var colourType = BinaryPrimitives.ReadUInt32BigEndian(b);
                    return (colourType == Nclx ? length >= 11 : colourType is Prof or Ricc) && Record(parent, type, body, length);
                case Irot:
                    return length >= 1 && Record(parent, type, body, length);
                case Pixi:
                    return length >= 5 && length >= 5 + b[4] && Record(parent, type, body, length);
                case Iloc:
                    if (!Once(type))
                    {
                        return false;
                    }

                    (_ilocStart, _ilocLength) = (body, length);
                    return ItemLocations(b, wanted: null) is not null;
                case Ipma:
                    if (!Once(type) || parent != Iprp)
                    {
                        return false;
                    }

                    _hasIpma = true;
                    return PropertyAssociations(b);
                default:
                    // A type MetadataExtractor does not parse: skipped (and counted if it is an ipco entry).
                    return Record(parent, type, body, length);
            }
        }

        /// <summary>False on the second pitm, iinf, iref, iprp, ipco, ipma or iloc (HeifMetadataReader would take the first found breadth-first).</summary>
        private bool Once(uint type)
        {
            var bit = type switch
            {
                Pitm => 1,
                Iinf => 2,
                Iref => 4,
                Iprp => 8,
                Ipco => 16,
                Ipma => 32,
                _ => 64,
            };
            var first = (_seen & bit) == 0;
            _seen |= bit;
            return first;
        }

        /// <summary>Keeps an <c>ipco</c> child as property n; other boxes need nothing kept.</summary>
        private bool Record(uint parent, uint type, int body, int length)
        {
            if (parent == Ipco)
            {
                Properties!.Add(new Property(type, body, length));
            }

            return true;
        }

        /// <summary>ItemInfoEntry (ISO/IEC 14496-12 §8.11.6.2), versions 2 and 3 only: item_ID, protection index, item_type.</summary>
        /// <param name="keep">Only iinf's own children count (HeifMetadataReader reads iinf's Boxes), but every infe is parsed.</param>
        private bool ItemInfo(ReadOnlySpan<byte> b, bool keep)
        {
            if (b.Length < 4 || b[0] < 2)
            {
                return false;
            }

            var idSize = b[0] == 2 ? 2 : 4;
            if (b.Length < 4 + idSize + 6)
            {
                return false;
            }

            if (keep)
            {
                ItemTypes.TryAdd(Id(b[4..], idSize), BinaryPrimitives.ReadUInt32BigEndian(b[(4 + idSize + 2)..]));
            }

            return true;
        }

        /// <summary>SingleItemTypeReferenceBox(es) (§8.11.12): from_item_ID, reference_count, to_item_IDs; 16 or 32 bits by iref version.</summary>
        private bool ItemReferences(ReadOnlySpan<byte> span, int body, int end, byte version)
        {
            var idSize = version == 0 ? 2 : 4;
            var position = body + 4;
            while (position < end)
            {
                if (!Header(span, position, end, out var type, out var start, out var next))
                {
                    return false;
                }

                var b = span[start..next];
                if (b.Length < idSize + 2)
                {
                    return false;
                }

                var from = Id(b, idSize);
                int count = BinaryPrimitives.ReadUInt16BigEndian(b[idSize..]);
                if (b.Length < idSize + 2 + (count * idSize))
                {
                    return false;
                }

                var to = new uint[count];
                for (var i = 0; i < count; i++)
                {
                    to[i] = Id(b[(idSize + 2 + (i * idSize))..], idSize);
                }

                References.Add(new Reference(type, from, to));
                position = next;
            }

            return true;
        }

        /// <summary>
        /// ItemLocationBox (§8.11.3), versions 0–2, field sizes 0, 4 or 8: checks it whole (<paramref name="wanted"/> null:
        /// any non-null result means it is readable) or returns the first entry for <paramref name="wanted"/>.
        /// </summary>
        private static Location? ItemLocations(ReadOnlySpan<byte> b, uint? wanted)
        {
            var valid = new Location(0, 0, null, 0, 0, 0);
            if (b.Length < 8 || b[0] > 2)
            {
                return null;
            }

            var version = b[0];
            int offsetSize = b[4] >> 4, lengthSize = b[4] & 0xF, baseOffsetSize = b[5] >> 4;
            var indexSize = version is 1 or 2 ? b[5] & 0xF : 0;
            if (!ValidSize(offsetSize) || !ValidSize(lengthSize) || !ValidSize(baseOffsetSize) || !ValidSize(indexSize))
            {
                return null;
            }

            var p = 6;
            var idSize = version < 2 ? 2 : 4;
            if (b.Length < p + idSize)
            {
                return null;
            }

            var count = Id(b[p..], idSize);
            p += idSize;
            for (uint i = 0; i < count; i++)
            {
                var fixedSize = idSize + (version is 1 or 2 ? 2 : 0) + 2 + baseOffsetSize + 2;
                if (b.Length - p < fixedSize)
                {
                    return null;
                }

                var id = Id(b[p..], idSize);
                p += idSize;
                uint construction = 0;
                if (version is 1 or 2)
                {
                    construction = BinaryPrimitives.ReadUInt16BigEndian(b[p..]) & 0xFu;
                    p += 2;
                }

                p += 2; // data_reference_index
                var baseOffset = Sized(b, ref p, baseOffsetSize);
                int extentCount = BinaryPrimitives.ReadUInt16BigEndian(b[p..]);
                p += 2;
                var extentSize = indexSize + offsetSize + lengthSize;
                if ((long)(b.Length - p) < (long)extentCount * extentSize)
                {
                    return null;
                }

                ulong firstOffset = 0, firstLength = 0;
                for (var e = 0; e < extentCount; e++)
                {
                    p += indexSize;
                    var offset = Sized(b, ref p, offsetSize);
                    var extentLength = Sized(b, ref p, lengthSize);
                    if (e == 0)
                    {
                        (firstOffset, firstLength) = (offset, extentLength);
                    }
                }

                if (id == wanted)
                {
                    return new Location(construction, baseOffset, extentCount > 0 ? firstOffset : null, extentCount, firstOffset, firstLength);
                }
            }

            return wanted is null ? valid : null;
        }

        /// <summary>ItemPropertyAssociationBox (ISO/IEC 23008-12 §9.3.2): 16/32-bit item ids by version, 7/15-bit indices by flags bit 0.</summary>
        private bool PropertyAssociations(ReadOnlySpan<byte> b)
        {
            if (b.Length < 8)
            {
                return false;
            }

            var idSize = b[0] >= 1 ? 4 : 2;
            var wide = (b[3] & 1) == 1;
            var count = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
            var p = 8;
            for (uint i = 0; i < count; i++)
            {
                if (b.Length - p < idSize + 1)
                {
                    return false;
                }

                var item = Id(b[p..], idSize);
                int n = b[p + idSize];
                p += idSize + 1;
                if (b.Length - p < n * (wide ? 2 : 1))
                {
                    return false;
                }

                Associations.Add(new Association(item, PropertyIndices.Count, n));
                for (var k = 0; k < n; k++)
                {
                    int index = wide ? BinaryPrimitives.ReadUInt16BigEndian(b[p..]) & 0x7FFF : b[p] & 0x7F;
                    p += wide ? 2 : 1;
                    PropertyIndices.Add(index - 1); // ipco entries count from 1; 0 ("none") fails the range check in Walk
                }
            }

            return true;
        }

        private static bool ValidSize(int size) => size is 0 or 4 or 8;

        private static ulong Sized(ReadOnlySpan<byte> b, ref int p, int size)
        {
            ulong value = size switch
            {
                4 => BinaryPrimitives.ReadUInt32BigEndian(b[p..]),
                8 => BinaryPrimitives.ReadUInt64BigEndian(b[p..]),
                _ => 0,
            };
            p += size;
            return value;
        }

        private static uint Id(ReadOnlySpan<byte> b, int size) => size == 2 ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
    }
}
