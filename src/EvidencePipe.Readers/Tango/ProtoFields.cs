using System.Text;

namespace EvidencePipe.Readers.Tango;

/// <summary>
/// A schema-less reader of the Protocol Buffers wire format (protobuf.dev "Encoding": each field is
/// a varint key <c>(field_number &lt;&lt; 3) | wire_type</c>; wire type 0 varint, 1 64-bit, 2
/// length-delimited, 5 32-bit; 3/4 are deprecated groups). Tango keeps its message bodies this way,
/// base64-encoded, with no published .proto, so fields are read by number only. Anything that does
/// not follow the encoding throws <see cref="FormatException"/> for the caller to report.
/// </summary>
internal sealed class ProtoFields
{
    private const int MaxFields = 4096;

    private readonly List<(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)> _fields = [];

    private ProtoFields()
    {
    }

    public static ProtoFields Parse(ReadOnlyMemory<byte> message)
    {
        var result = new ProtoFields();
        var span = message.Span;
        var i = 0;
        while (i < span.Length)
        {
            if (result._fields.Count >= MaxFields)
            {
                throw new FormatException($"more than {MaxFields} fields");
            }

            var key = Varint(span, ref i);
            var number = key >> 3;
            var wire = (int)(key & 7);
            if (number is 0 or > 536_870_911)
            {
                throw new FormatException($"field number {number} at byte {i}");
            }

            switch (wire)
            {
                case 0:
                    result._fields.Add(((int)number, 0, Varint(span, ref i), default));
                    break;
                case 1 or 5:
                    var width = wire == 1 ? 8 : 4;
                    if (span.Length - i < width)
                    {
                        throw new FormatException($"field {number} runs past the end");
                    }

                    result._fields.Add(((int)number, wire, 0, message.Slice(i, width)));
                    i += width;
                    break;
                case 2:
                    var length = Varint(span, ref i);
                    if (length > (ulong)(span.Length - i))
                    {
                        throw new FormatException($"field {number} claims {length} bytes, {span.Length - i} remain");
                    }

                    result._fields.Add(((int)number, 2, 0, message.Slice(i, (int)length)));
                    i += (int)length;
                    break;
                default:
                    throw new FormatException($"wire type {wire} (field {number}) at byte {i}");
            }
        }

        return result;
    }

    public ulong? Varint(int number)
    {
        foreach (var f in _fields)
        {
            if (f.Number == number && f.WireType == 0)
            {
                return f.Varint;
            }
        }

        return null;
    }

    public ReadOnlyMemory<byte>? Bytes(int number)
    {
        foreach (var f in _fields)
        {
            if (f.Number == number && f.WireType == 2)
            {
                return f.Bytes;
            }
        }

        return null;
    }

    public IEnumerable<ReadOnlyMemory<byte>> AllBytes(int number)
    {
        foreach (var f in _fields)
        {
            if (f.Number == number && f.WireType == 2)
            {
                yield return f.Bytes;
            }
        }
    }

    /// <summary>A length-delimited field as strict UTF-8 (proto3 <c>string</c>); invalid UTF-8 throws <see cref="FormatException"/>.</summary>
    public string? String(int number)
    {
        if (Bytes(number) is not { } bytes)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException($"field {number} is not UTF-8 ({ex.Message})", ex);
        }
    }

    public ProtoFields? Message(int number) => Bytes(number) is { } bytes ? Parse(bytes) : null;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ulong Varint(ReadOnlySpan<byte> span, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (i >= span.Length)
            {
                throw new FormatException("varint runs past the end");
            }

            var b = span[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("varint longer than 10 bytes");
    }
}
