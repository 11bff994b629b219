using System.Text;
using System.Text.Unicode;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Turns a content line's raw value bytes into text: undoes quoted-printable (RFC 2045 §6.7, as used
/// by vCard 2.1) and then applies the CHARSET parameter (vCard 2.1; RFC 6350 §3.1 says
/// 3.0/4.0 text is UTF-8). Whatever cannot be decoded exactly is decoded best-effort and the problem
/// is returned so the caller can put it on record.
/// </summary>
internal static class VCardValueDecoder
{
    // Legacy vCard 2.1 charsets (Shift_JIS, KOI8-R, …) live in the code-pages provider; registering it
    // here keeps decoding the same whichever reader happens to load first (the MIME parser does too).
    static VCardValueDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding Utf8Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ContentLine line, out string? problem)
    {
        problem = null;
        ReadOnlySpan<byte> bytes = line.Value;
        if (line.Parameters.Encoding == ValueEncoding.QuotedPrintable)
        {
            bytes = DecodeQuotedPrintable(bytes, out var qpProblem);
            problem = qpProblem;
        }
        else if (line.Parameters.Encoding is ValueEncoding.Base64 or ValueEncoding.Other)
        {
            problem = "unexpected ENCODING on a text property; value read as written";
        }

        var text = DecodeCharset(bytes, line.Parameters.Charset, out var charsetProblem);
        problem = Join(problem, charsetProblem);
        return text;
    }

    /// <summary>RFC 2045 §6.7: <c>=XX</c> is a byte; a malformed escape is kept literally.</summary>
    public static byte[] DecodeQuotedPrintable(ReadOnlySpan<byte> value, out string? problem)
    {
        problem = null;
        var output = new byte[value.Length];
        var n = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b != (byte)'=')
            {
                output[n++] = b;
                continue;
            }

            if (i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                output[n++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else if (i == value.Length - 1)
            {
                // A trailing soft break with nothing after it (the value ended at end of file).
            }
            else
            {
                problem = "malformed quoted-printable escape kept as written";
                output[n++] = b;
            }
        }

        return output[..n];
    }

    /// <summary>
    /// Decodes with the named charset. Without one, UTF-8 is assumed (RFC 6350 §3.1) and, when the bytes
    /// are not UTF-8, windows-1252 is used: the usual charset of vCards from Windows software.
    /// </summary>
    public static string DecodeCharset(ReadOnlySpan<byte> bytes, string? charset, out string? problem)
    {
        problem = null;
        var name = charset?.Trim().ToUpperInvariant();
        if (bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0 && name is null or not ("UTF-16" or "UTF-16LE" or "UTF-16BE" or "UTF-32" or "UNICODE"))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        switch (name)
        {
            case "UTF-8" or "UTF8":
                if (!Utf8.IsValid(bytes))
                {
                    problem = "value declared UTF-8 has invalid bytes; they were replaced with U+FFFD";
                }

                return Utf8Lenient.GetString(bytes);
            case "ISO-8859-1" or "ISO8859-1" or "LATIN1" or "L1":
                return Encoding.Latin1.GetString(bytes);
            case "WINDOWS-1252" or "CP1252":
                return Windows1252.GetString(bytes);
            case null:
                if (Utf8.IsValid(bytes))
                {
                    return Encoding.UTF8.GetString(bytes);
                }

                problem = "value is not valid UTF-8 and names no CHARSET; decoded as windows-1252";
                return Windows1252.GetString(bytes);
            case "US-ASCII" or "ASCII":
                // 8-bit bytes under a 7-bit label: .NET's ASCII decoder would turn them into '?', losing them.
                var guess = Utf8.IsValid(bytes) ? "UTF-8" : "windows-1252";
                problem = $"value labelled CHARSET={charset} has 8-bit bytes; decoded as {guess}";
                return guess == "UTF-8" ? Encoding.UTF8.GetString(bytes) : Windows1252.GetString(bytes);
            default:
                if (TryGetEncoding(name) is { } encoding)
                {
                    return encoding.GetString(bytes);
                }

                var fallback = Utf8.IsValid(bytes) ? "UTF-8" : "windows-1252";
                problem = $"CHARSET={charset} is not available here; decoded as {fallback}";
                return fallback == "UTF-8" ? Encoding.UTF8.GetString(bytes) : Windows1252.GetString(bytes);
        }
    }

    private static Encoding? TryGetEncoding(string name)
    {
        try
        {
            // Only the encodings built into .NET resolve (no CodePagesEncodingProvider is registered).
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "; " + b;

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };
}
