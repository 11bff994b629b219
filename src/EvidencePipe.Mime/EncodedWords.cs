using System.Buffers;
using System.Text;

namespace EvidencePipe.Mime;

/// <summary>
/// Decodes RFC 2047 encoded words (<c>=?charset?B|Q?text?=</c>) in header text. Whitespace between
/// adjacent encoded words is dropped (§6.2); adjacent words in the same charset are joined before
/// decoding, so a multi-byte character split across two words survives. Tolerant of what mailers
/// really send: words not separated from surrounding text, a language suffix (RFC 2231 §5), lower
/// case B/Q, broken base64, unknown charsets (best effort plus a problem).
/// </summary>
public static class EncodedWords
{
    private static readonly System.Buffers.SearchValues<char> CharsetStops = System.Buffers.SearchValues.Create(" \t\"()<>,;:");

    public static string Decode(string value, MimeProblems? problems = null, long offset = 0)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var output = new StringBuilder(value.Length);
        var pending = new ArrayBufferWriter<byte>();
        string? pendingCharset = null;
        var pos = 0;
        while (pos < value.Length)
        {
            var start = value.IndexOf("=?", pos, StringComparison.Ordinal);
            if (start < 0 || !TryParseWord(value, start, out var charset, out var encoding, out var text, out var end))
            {
                var literalEnd = start < 0 ? value.Length : start + 2;
                AppendLiteral(value.AsSpan(pos, literalEnd - pos));
                pos = literalEnd;
                continue;
            }

            var between = value.AsSpan(pos, start - pos);
            if (pendingCharset is not null && between.IsWhiteSpace())
            {
                // §6.2: linear white space between adjacent encoded words is ignored.
            }
            else
            {
                AppendLiteral(between);
            }

            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }

            pendingCharset = charset;
            if (encoding is 'B' or 'b')
            {
                TransferDecoding.DecodeBase64(text, pending);
            }
            else
            {
                DecodeQ(text, pending);
            }

            pos = end;
        }

        Flush();
        return output.ToString();

        void AppendLiteral(ReadOnlySpan<char> literal)
        {
            if (literal.IsEmpty)
            {
                return;
            }

            Flush();
            output.Append(literal);
        }

        void Flush()
        {
            if (pendingCharset is null)
            {
                return;
            }

            output.Append(Charsets.Decode(pending.WrittenSpan, pendingCharset, problems, offset));
            pending.Clear();
            pendingCharset = null;
        }
    }

    private static bool TryParseWord(string value, int start, out string charset, out char encoding, out ReadOnlySpan<char> text, out int end)
    {
        charset = string.Empty;
        encoding = '\0';
        text = default;
        end = 0;
        var q1 = value.IndexOf('?', start + 2);
        if (q1 < 0 || q1 == start + 2 || q1 + 2 >= value.Length || value[q1 + 2] != '?')
        {
            return false;
        }

        var cs = value.AsSpan(start + 2, q1 - start - 2);
        if (cs.IndexOfAny(CharsetStops) >= 0 || cs.Length > 64)
        {
            return false;
        }

        encoding = value[q1 + 1];
        if (encoding is not ('B' or 'b' or 'Q' or 'q'))
        {
            return false;
        }

        var textStart = q1 + 3;
        var close = value.IndexOf("?=", textStart, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        text = value.AsSpan(textStart, close - textStart);
        if (text.Contains(' ') && (encoding is 'B' or 'b'))
        {
            // A space cannot be in base64 text: this "?=" belongs to something else.
            return false;
        }

        charset = cs.ToString();
        end = close + 2;
        return true;
    }

    /// <summary>RFC 2047 §4.2 "Q": like quoted-printable, with '_' for space.</summary>
    private static void DecodeQ(ReadOnlySpan<char> text, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length);
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                span[n++] = (byte)' ';
            }
            else if (c == '=' && i + 2 < text.Length && TransferDecoding.TryHex(text[i + 1], text[i + 2], out var b))
            {
                span[n++] = b;
                i += 2;
            }
            else
            {
                span[n++] = c < 256 ? (byte)c : (byte)'?';
            }
        }

        output.Advance(n);
    }
}
