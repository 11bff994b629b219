using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml;

namespace EvidencePipe.Readers.IosBackup;

/// <summary>
/// The scalar entries (booleans, strings, integers) of a property list's top-level dictionary, in
/// the binary form (<c>bplist00</c>, Apple's CFBinaryPList.c: objects, an offset table and a 32-byte
/// big-endian trailer) or the XML form (Apple's PropertyList-1.0 DTD, which is never loaded). Enough to
/// read <c>Manifest.plist</c>'s <c>IsEncrypted</c>; nested values are skipped. Bounded: the file is
/// read up to <see cref="MaxBytes"/>, every offset and count is checked against the data, so damage
/// gives <see cref="InvalidDataException"/>, never a hang or an out-of-range read.
/// </summary>
internal static class PropertyList
{
    public const int MaxBytes = 16 << 20;

    private static ReadOnlySpan<byte> BinaryMagic => "bplist00"u8;

    public static IReadOnlyDictionary<string, object> ReadTopLevel(string path)
    {
        using var stream = Reading.EvidenceSource.OpenEvidence(path);
        if (stream.Length > MaxBytes)
        {
            throw new InvalidDataException($"property list of {stream.Length} bytes is larger than the {MaxBytes} read");
        }

        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return Parse(data);
    }

    public static IReadOnlyDictionary<string, object> Parse(ReadOnlySpan<byte> data) =>
        data.StartsWith(BinaryMagic) ? ParseBinary(data) : ParseXml(data);

    private static Dictionary<string, object> ParseBinary(ReadOnlySpan<byte> data)
    {
        if (data.Length < BinaryMagic.Length + 32)
        {
            throw new InvalidDataException("binary property list shorter than its header and trailer");
        }

        var trailer = data[^32..];
        int offsetSize = trailer[6], refSize = trailer[7];
        var count = BinaryPrimitives.ReadUInt64BigEndian(trailer[8..]);
        var top = BinaryPrimitives.ReadUInt64BigEndian(trailer[16..]);
        var table = BinaryPrimitives.ReadUInt64BigEndian(trailer[24..]);
        var end = (ulong)(data.Length - 32);
        if (offsetSize is < 1 or > 8 || refSize is < 1 or > 8 || count == 0 || top >= count || table < 8 || table > end
            || count > (end - table) / (ulong)offsetSize)
        {
            throw new InvalidDataException("binary property list trailer does not fit the file");
        }

        var plist = new BinaryReader(data, (int)table, offsetSize, refSize, (int)count);
        return plist.TopDictionary((int)top);
    }

    /// <summary>Reads objects by index through the offset table; every position is checked before use.</summary>
    private readonly ref struct BinaryReader(ReadOnlySpan<byte> data, int table, int offsetSize, int refSize, int count)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public Dictionary<string, object> TopDictionary(int top)
        {
            var at = Offset(top);
            var marker = _data[at];
            if (marker >> 4 != 0xD)
            {
                throw new InvalidDataException("binary property list: the top object is not a dictionary");
            }

            var (entries, start) = Length(at);
            if ((ulong)entries * 2 * (ulong)refSize > (ulong)(table - start))
            {
                throw new InvalidDataException("binary property list: dictionary larger than the file");
            }

            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = 0; i < entries; i++)
            {
                var key = Scalar(Ref(start + (i * refSize)));
                var value = Scalar(Ref(start + ((entries + i) * refSize)));
                if (key is string k && value is not null)
                {
                    result[k] = value;
                }
            }

            return result;
        }

        private int Offset(int index)
        {
            if (index < 0 || index >= count)
            {
                throw new InvalidDataException($"binary property list: object {index} is outside the {count} objects");
            }

            var offset = Unsigned(table + (index * offsetSize), offsetSize);
            if (offset < 8 || offset >= (ulong)table)
            {
                throw new InvalidDataException($"binary property list: object {index} lies outside the object area");
            }

            return (int)offset;
        }

        private int Ref(int at) => (int)Math.Min(Unsigned(at, refSize), int.MaxValue);

        private ulong Unsigned(int at, int size)
        {
            if (at < 0 || at + size > _data.Length)
            {
                throw new InvalidDataException("binary property list: read past the end");
            }

            ulong value = 0;
            foreach (var b in _data.Slice(at, size))
            {
                value = (value << 8) | b;
            }

            return value;
        }

        /// <summary>A marker's count: its low nibble, or 0xF followed by an integer object.</summary>
        private (int Count, int Start) Length(int at)
        {
            var low = _data[at] & 0xF;
            if (low != 0xF)
            {
                return (low, at + 1);
            }

            if (at + 1 >= table || _data[at + 1] >> 4 != 0x1)
            {
                throw new InvalidDataException("binary property list: a long count is not an integer");
            }

            var size = 1 << (_data[at + 1] & 0xF);
            var value = size <= 8 ? Unsigned(at + 2, size) : ulong.MaxValue;
            if (value > int.MaxValue)
            {
                throw new InvalidDataException("binary property list: count out of range");
            }

            return ((int)value, at + 2 + size);
        }

        /// <summary>A boolean, integer or string; null for anything else (containers, data, dates).</summary>
        private object? Scalar(int index)
        {
            var at = Offset(index);
            var marker = _data[at];
            switch (marker >> 4)
            {
                case 0x0:
                    return marker == 0x09 ? true : marker == 0x08 ? false : null;
                case 0x1:
                    var size = 1 << (marker & 0xF);
                    return size <= 8 ? (long)Unsigned(at + 1, size) : null;
                case 0x5:
                case 0x6:
                    var (length, start) = Length(at);
                    var bytes = (long)length * (marker >> 4 == 0x6 ? 2 : 1);
                    if (bytes > table - start)
                    {
                        throw new InvalidDataException("binary property list: string longer than the file");
                    }

                    var span = _data.Slice(start, (int)bytes);
                    return marker >> 4 == 0x5 ? Encoding.ASCII.GetString(span) : Encoding.BigEndianUnicode.GetString(span);
                default:
                    return null;
            }
        }
    }

    private static Dictionary<string, object> ParseXml(ReadOnlySpan<byte> data)
    {
        var settings = new XmlReaderSettings
        {
            // Plists carry a DOCTYPE naming Apple's DTD: ignore it, resolve nothing, expand no entities.
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(data.ToArray(), writable: false), settings);
            if (!reader.ReadToFollowing("plist") || !reader.ReadToDescendant("dict"))
            {
                throw new InvalidDataException("XML property list without a top-level dict");
            }

            var depth = reader.Depth;
            string? key = null;
            reader.Read();
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "key":
                        key = reader.ReadElementContentAsString();
                        continue;
                    case "true" or "false" when key is not null:
                        result[key] = reader.LocalName == "true";
                        break;
                    case "string" when key is not null:
                        result[key] = reader.ReadElementContentAsString();
                        key = null;
                        continue;
                    case "integer" when key is not null:
                        if (long.TryParse(reader.ReadElementContentAsString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                        {
                            result[key] = n;
                        }

                        key = null;
                        continue;
                }

                key = null;
                reader.Skip();
            }
        }
        catch (XmlException ex)
        {
            throw new InvalidDataException("XML property list is not well-formed: " + ex.Message, ex);
        }

        return result;
    }
}
