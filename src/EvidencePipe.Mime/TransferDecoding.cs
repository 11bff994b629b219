using System.Buffers;

namespace EvidencePipe.Mime;

/// <summary>
/// Content-Transfer-Encoding decoders (RFC 2045 §6): base64 tolerant of garbage and missing
/// padding, quoted-printable with soft line breaks, uuencode (POSIX uuencode format, sent as
/// <c>x-uuencode</c>), and 7bit/8bit/binary as identity. Unknown encodings pass through unchanged
/// with a problem recorded.
/// </summary>
public static class TransferDecoding
{
    private static readonly sbyte[] Base64Values = BuildBase64Table();

    public static void Decode(ReadOnlySpan<byte> body, string? encoding, ArrayBufferWriter<byte> output, MimeProblems? problems, long offset)
    {
        switch (Normalise(encoding))
        {
            case "base64":
                var garbage = DecodeBase64(body, output);
                if (garbage > 0)
                {
                    problems?.Add(offset, $"base64 body had {garbage} character(s) outside the base64 alphabet, skipped");
                }

                break;
            case "quoted-printable":
                DecodeQuotedPrintable(body, output);
                break;
            case "x-uuencode" or "uuencode" or "x-uue" or "uue":
                if (!DecodeUuencode(body, output))
                {
                    problems?.Add(offset, "uuencoded body has no 'begin' line: kept as it was");
                    output.Write(body);
                }

                break;
            case "" or "7bit" or "8bit" or "binary":
                output.Write(body);
                break;
            default:
                problems?.Add(offset, $"unknown Content-Transfer-Encoding '{encoding}': body kept undecoded");
                output.Write(body);
                break;
        }
    }

    /// <summary>Lower-cased, trimmed encoding name; empty when absent.</summary>
    public static string Normalise(string? encoding) => string.IsNullOrWhiteSpace(encoding) ? string.Empty : encoding.Trim().Trim('"').ToLowerInvariant();

    /// <summary>Decodes base64 bytes, skipping anything outside the alphabet; returns how many such non-whitespace bytes there were.</summary>
    public static int DecodeBase64(ReadOnlySpan<byte> input, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan((input.Length / 4 * 3) + 3);
        var n = 0;
        var garbage = 0;
        var acc = 0;
        var bits = 0;
        var i = 0;
        // Fast path: whole 4-character quanta of clean alphabet characters.
        while (i + 4 <= input.Length)
        {
            int a = Base64Values[input[i]], b = Base64Values[input[i + 1]], c = Base64Values[input[i + 2]], d = Base64Values[input[i + 3]];
            if ((a | b | c | d) < 0 || bits != 0)
            {
                break;
            }

            var v = (a << 18) | (b << 12) | (c << 6) | (d & 0x3F);
            span[n] = (byte)(v >> 16);
            span[n + 1] = (byte)(v >> 8);
            span[n + 2] = (byte)v;
            n += 3;
            i += 4;
            if (i < input.Length && input[i] is (byte)'\r' or (byte)'\n')
            {
                while (i < input.Length && input[i] is (byte)'\r' or (byte)'\n')
                {
                    i++;
                }
            }
        }

        for (; i < input.Length; i++)
        {
            var b = input[i];
            var v = Base64Values[b];
            if (v >= 0)
            {
                acc = (acc << 6) | (v & 0x3F);
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    span[n++] = (byte)(acc >> bits);
                    acc &= (1 << bits) - 1;
                }
            }
            else if (b == (byte)'=')
            {
                // Padding ends a quantum; anything after it (concatenated base64) starts afresh.
                acc = 0;
                bits = 0;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                garbage++;
            }
        }

        output.Advance(n);
        return garbage;
    }

    /// <summary>Base64 in header text (RFC 2047 "B").</summary>
    public static void DecodeBase64(ReadOnlySpan<char> input, ArrayBufferWriter<byte> output)
    {
        var bytes = input.Length <= 512 ? stackalloc byte[input.Length] : new byte[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            bytes[i] = input[i] < 128 ? (byte)input[i] : (byte)'?';
        }

        DecodeBase64(bytes, output);
    }

    /// <summary>RFC 2045 §6.7: =XX octets, '=' at line end is a soft break, trailing whitespace on a line is dropped.</summary>
    public static void DecodeQuotedPrintable(ReadOnlySpan<byte> input, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(input.Length);
        var n = 0;
        var i = 0;
        while (i < input.Length)
        {
            var rest = input[i..];
            var special = rest.IndexOfAny((byte)'=', (byte)'\n');
            if (special < 0)
            {
                rest.CopyTo(span[n..]);
                n += rest.Length;
                break;
            }

            rest[..special].CopyTo(span[n..]);
            n += special;
            i += special;
            if (input[i] == (byte)'\n')
            {
                // Rule 3: whitespace at the end of an encoded line was added in transport.
                var lineBreakStart = n > 0 && span[n - 1] == (byte)'\r' ? n - 1 : n;
                var trimmed = lineBreakStart;
                while (trimmed > 0 && span[trimmed - 1] is (byte)' ' or (byte)'\t')
                {
                    trimmed--;
                }

                if (trimmed != lineBreakStart)
                {
                    span.Slice(lineBreakStart, n - lineBreakStart).CopyTo(span[trimmed..]);
                    n -= lineBreakStart - trimmed;
                }

                span[n++] = (byte)'\n';
                i++;
                continue;
            }

            // '='
            if (i + 2 < input.Length && TryHex((char)input[i + 1], (char)input[i + 2], out var value))
            {
                span[n++] = value;
                i += 3;
                continue;
            }

            // Soft line break: '=' then optional transport whitespace then CRLF/LF (or the end).
            var j = i + 1;
            while (j < input.Length && input[j] is (byte)' ' or (byte)'\t')
            {
                j++;
            }

            if (j >= input.Length)
            {
                i = j;
                continue;
            }

            if (input[j] == (byte)'\n' || (input[j] == (byte)'\r' && j + 1 < input.Length && input[j + 1] == (byte)'\n'))
            {
                i = input[j] == (byte)'\r' ? j + 2 : j + 1;
                continue;
            }

            // A stray '=' that encodes nothing: kept literally (RFC 2045 §6.7 note on robustness).
            span[n++] = (byte)'=';
            i++;
        }

        output.Advance(n);
    }

    /// <summary>POSIX uuencode: a <c>begin mode name</c> line, length-prefixed lines, <c>end</c>.</summary>
    public static bool DecodeUuencode(ReadOnlySpan<byte> input, ArrayBufferWriter<byte> output)
    {
        var pos = 0;
        var begun = false;
        while (pos < input.Length)
        {
            var end = HeaderBlockParser.LineEnd(input, pos, out var next);
            var line = input[pos..end];
            pos = next;
            if (!begun)
            {
                begun = line.StartsWith("begin "u8);
                continue;
            }

            if (line.StartsWith("end"u8) && line.TrimEnd(" \t"u8).Length == 3)
            {
                break;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            var count = (line[0] - 32) & 0x3F;
            if (count == 0)
            {
                continue;
            }

            var span = output.GetSpan(count + 3);
            var produced = 0;
            for (var k = 1; k + 3 < line.Length + 1 && produced < count; k += 4)
            {
                var v = (UuValue(line, k) << 18) | (UuValue(line, k + 1) << 12) | (UuValue(line, k + 2) << 6) | UuValue(line, k + 3);
                for (var shift = 16; shift >= 0 && produced < count; shift -= 8)
                {
                    span[produced++] = (byte)(v >> shift);
                }
            }

            output.Advance(produced);
        }

        return begun;
    }

    private static int UuValue(ReadOnlySpan<byte> line, int at) => at < line.Length ? (line[at] - 32) & 0x3F : 0;

    public static bool TryHex(char high, char low, out byte value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = (byte)((h << 4) | l);
        return h >= 0 && l >= 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    private static sbyte[] BuildBase64Table()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        // RFC 4648 §5 URL-safe alphabet turns up in broken mailers; accept it too.
        table['-'] = 62;
        table['_'] = 63;
        return table;
    }
}
