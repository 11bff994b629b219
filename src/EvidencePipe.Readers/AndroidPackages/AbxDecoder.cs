using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EvidencePipe.Readers.AndroidPackages;

/// <summary>
/// Android Binary XML ("ABX", the on-disk form of <c>packages.xml</c> and other system XML since Android 12), decoded
/// as AOSP's <c>com.android.internal.util.BinaryXmlSerializer</c> writes it: the magic <c>ABX\0</c>, then one byte per
/// event whose low nibble is the XmlPullParser token (START_DOCUMENT 0, END_DOCUMENT 1, START_TAG 2, END_TAG 3, TEXT 4 …,
/// 15 an attribute of the last start tag) and whose high nibble the value type (1 null, 2 string, 3 interned string,
/// 4 bytes-hex, 5 bytes-base64, 6 int, 7 int-hex, 8 long, 9 long-hex, 10 float, 11 double, 12 true, 13 false).
/// Numbers are big-endian (java.io.DataOutput); a string is an unsigned 16-bit byte length and UTF-8; an interned
/// string is a 16-bit index into the strings seen so far, or 0xFFFF followed by a new string that is appended.
/// Attribute values are rendered as the text the XML serializer would have written (hex for the -hex types, as
/// <c>Long.toHexString</c>), so one mapping reads both forms. Start tags are yielded one at a time; damage throws
/// <see cref="InvalidDataException"/> naming the byte offset.
/// </summary>
internal sealed class AbxDecoder(Stream stream)
{
    public static ReadOnlySpan<byte> Magic => "ABX\0"u8;

    private const int TypeNull = 1, TypeString = 2, TypeInterned = 3, TypeBytesHex = 4, TypeBytesBase64 = 5, TypeInt = 6, TypeIntHex = 7,
        TypeLong = 8, TypeLongHex = 9, TypeFloat = 10, TypeDouble = 11, TypeTrue = 12, TypeFalse = 13;

    private const int StartDocument = 0, EndDocument = 1, StartTag = 2, EndTag = 3, Attribute = 15;

    private readonly List<string> _interned = [];
    private readonly byte[] _scratch = new byte[ushort.MaxValue];
    private long _offset;

    public IEnumerable<XmlTag> Tags()
    {
        var magic = new byte[4];
        Read(magic);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("not Android Binary XML (no ABX\\0 magic at byte 0)");
        }

        var depth = 0;
        string? pendingName = null;
        long pendingAt = 0;
        Dictionary<string, string>? attributes = null;
        while (true)
        {
            var at = _offset;
            var b = ReadByte();
            if (b < 0)
            {
                if (pendingName is not null)
                {
                    yield return new XmlTag(pendingName, depth - 1, attributes!, Where(pendingAt));
                }

                if (depth > 0)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the file ends at byte {_offset} inside {depth} open element(s)"));
                }

                yield break;
            }

            var token = b & 0x0f;
            var type = b >> 4;
            if (token == Attribute)
            {
                if (pendingName is null)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"an attribute at byte {at} follows no start tag"));
                }

                var name = Interned();
                attributes![name] = Value(type, at);
                continue;
            }

            if (pendingName is not null)
            {
                yield return new XmlTag(pendingName, depth - 1, attributes!, Where(pendingAt));
                pendingName = null;
            }

            switch (token)
            {
                case StartDocument or EndDocument when type == TypeNull:
                    break;
                case StartTag:
                    pendingName = type == TypeInterned ? Interned() : Text(type, at);
                    pendingAt = at;
                    attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                    depth++;
                    break;
                case EndTag:
                    _ = type == TypeInterned ? Interned() : Text(type, at);
                    depth--;
                    if (depth < 0)
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"an end tag at byte {at} closes no element"));
                    }

                    break;
                case > EndTag and <= 10:
                    // TEXT, CDSECT, ENTITY_REF, IGNORABLE_WHITESPACE, PROCESSING_INSTRUCTION, COMMENT, DOCDECL: text or null.
                    _ = Text(type, at);
                    break;
                default:
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"unknown ABX token {token} at byte {at}"));
            }
        }
    }

    private static string Where(long offset) => string.Create(CultureInfo.InvariantCulture, $"byte {offset}");

    private string Text(int type, long at) => type switch
    {
        TypeNull => string.Empty,
        TypeString => Utf(),
        TypeInterned => Interned(),
        _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"value type {type} at byte {at} is not text")),
    };

    private string Value(int type, long at)
    {
        Span<byte> n = stackalloc byte[8];
        switch (type)
        {
            case TypeNull:
                return string.Empty;
            case TypeString:
                return Utf();
            case TypeInterned:
                return Interned();
            case TypeBytesHex or TypeBytesBase64:
                var bytes = new byte[UShort()];
                Read(bytes);
                return type == TypeBytesHex ? Convert.ToHexStringLower(bytes) : Convert.ToBase64String(bytes);
            case TypeInt or TypeIntHex:
                Read(n[..4]);
                var i = BinaryPrimitives.ReadInt32BigEndian(n);
                return type == TypeInt ? i.ToString(CultureInfo.InvariantCulture) : i.ToString("x", CultureInfo.InvariantCulture);
            case TypeLong or TypeLongHex:
                Read(n);
                var l = BinaryPrimitives.ReadInt64BigEndian(n);
                return type == TypeLong ? l.ToString(CultureInfo.InvariantCulture) : l.ToString("x", CultureInfo.InvariantCulture);
            case TypeFloat:
                Read(n[..4]);
                return BinaryPrimitives.ReadSingleBigEndian(n).ToString("R", CultureInfo.InvariantCulture);
            case TypeDouble:
                Read(n);
                return BinaryPrimitives.ReadDoubleBigEndian(n).ToString("R", CultureInfo.InvariantCulture);
            case TypeTrue:
                return "true";
            case TypeFalse:
                return "false";
            default:
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"unknown attribute value type {type} at byte {at}"));
        }
    }

    private string Interned()
    {
        var at = _offset;
        var index = UShort();
        if (index == 0xFFFF)
        {
            var s = Utf();
            _interned.Add(s);
            return s;
        }

        return index < _interned.Count
            ? _interned[index]
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"interned string {index} at byte {at} was never defined ({_interned.Count} so far)"));
    }

    private string Utf()
    {
        var length = UShort();
        var span = _scratch.AsSpan(0, length);
        Read(span);
        return Encoding.UTF8.GetString(span);
    }

    private int UShort()
    {
        Span<byte> two = stackalloc byte[2];
        Read(two);
        return BinaryPrimitives.ReadUInt16BigEndian(two);
    }

    private int ReadByte()
    {
        var b = stream.ReadByte();
        if (b >= 0)
        {
            _offset++;
        }

        return b;
    }

    private void Read(Span<byte> buffer)
    {
        var start = _offset;
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the file is cut short at byte {start + total} ({buffer.Length - total} more byte(s) expected)"));
            }

            total += n;
        }

        _offset += total;
    }
}
