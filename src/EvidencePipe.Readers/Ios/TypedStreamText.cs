using System.Buffers.Binary;
using System.Text;

namespace EvidencePipe.Readers.Ios;

/// <summary>
/// Recovers the plain text of an sms.db <c>message.attributedBody</c>: an NSAttributedString
/// archived with NSArchiver's "typedstream" format (header 0x04 0x0B "streamtyped"). The string's
/// characters follow its class name <c>NSString</c> (or <c>NSMutableString</c>) as an object of
/// type '+' (C string with length): the bytes 0x84 0x01 0x2B, then the length — one byte below
/// 0x80, or 0x81 + uint16 little-endian, or 0x82 + int32 little-endian — then that many UTF-8
/// bytes. (Layout as documented by the typedstream decoders in imessage-exporter and iLEAPP.)
/// </summary>
public static class TypedStreamText
{
    private const int SearchWindow = 32;

    private static ReadOnlySpan<byte> Header => "\u0004\u000Bstreamtyped"u8;

    private static ReadOnlySpan<byte> ClassName => "NSString"u8;

    private static ReadOnlySpan<byte> StringType => [0x84, 0x01, 0x2B];

    public static bool IsTypedStream(ReadOnlySpan<byte> blob) => blob.StartsWith(Header);

    public static bool TryExtract(ReadOnlySpan<byte> blob, out string text)
    {
        text = string.Empty;
        if (!IsTypedStream(blob))
        {
            return false;
        }

        var cls = blob.IndexOf(ClassName);
        if (cls < 0)
        {
            return false;
        }

        var after = blob[(cls + ClassName.Length)..];
        var window = after[..Math.Min(after.Length, SearchWindow)];
        var type = window.IndexOf(StringType);
        if (type < 0)
        {
            return false;
        }

        var rest = after[(type + StringType.Length)..];
        if (!TryReadLength(rest, out var length, out var lengthBytes) || length < 0 || length > rest.Length - lengthBytes)
        {
            return false;
        }

        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(rest.Slice(lengthBytes, length));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool TryReadLength(ReadOnlySpan<byte> span, out int length, out int consumed)
    {
        length = 0;
        consumed = 0;
        if (span.IsEmpty)
        {
            return false;
        }

        switch (span[0])
        {
            case 0x81 when span.Length >= 3:
                length = BinaryPrimitives.ReadUInt16LittleEndian(span[1..]);
                consumed = 3;
                return true;
            case 0x82 when span.Length >= 5:
                length = BinaryPrimitives.ReadInt32LittleEndian(span[1..]);
                consumed = 5;
                return true;
            case < 0x80:
                length = span[0];
                consumed = 1;
                return true;
            default:
                return false;
        }
    }
}
