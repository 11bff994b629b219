using System.Text;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// RFC 2047 encoded words in the UTF-7 charset (RFC 2152) in a message's top-level header block,
/// rewritten as the same text in UTF-8 encoded words before MimeKit parses it. MimeKit does not
/// decode a UTF-7 word (.NET refuses the charset by name, SYSLIB0001): it decodes the word's bytes
/// with its fallback charset and leaves "caf+AOk-" where "café" was written. CPython's
/// <c>email.header.decode_header</c> and its <c>utf-7</c> codec decode them. Rewriting keeps
/// MimeKit's own RFC 2047 rules (adjacent words joined, §6.2) for Subject, display names and the rest.
/// Part headers and bodies are left as they are.
/// </summary>
internal static partial class Utf7EncodedWords
{
    /// <summary>Returns the message with its UTF-7 encoded header words rewritten, or the same bytes when it has none.</summary>
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> message, ICollection<string> problems)
    {
        var span = message.Span;
        var headerEnd = HeaderEnd(span);
        var header = span[..headerEnd];
        // Cheap test first: every UTF-7 charset label ends in "7" right before the encoding's '?'.
        if (header.IndexOf("7?"u8) < 0 && header.IndexOf("7*"u8) < 0)
        {
            return message;
        }

        var text = Encoding.Latin1.GetString(header);
        var count = 0;
        var rewritten = Word().Replace(text, m =>
        {
            if (Decode(m) is not { } decoded)
            {
                return m.Value;
            }

            count++;
            return "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(decoded)) + "?=";
        });
        if (count == 0)
        {
            return message;
        }

        problems.Add($"{count} UTF-7 encoded word(s) in the header (RFC 2152, disabled in .NET): decoded with the UTF-7 decoder directly");
        var head = Encoding.Latin1.GetBytes(rewritten);
        var result = new byte[head.Length + span.Length - headerEnd];
        head.CopyTo(result, 0);
        span[headerEnd..].CopyTo(result.AsSpan(head.Length));
        return result;
    }

    /// <summary>Where the top-level header block ends: at its empty line, else the end of the message.</summary>
    private static int HeaderEnd(ReadOnlySpan<byte> span)
    {
        var pos = 0;
        while (pos < span.Length)
        {
            var lf = span[pos..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return span.Length;
            }

            var line = span[pos..(pos + lf)];
            if (line.IsEmpty || line is [(byte)'\r'])
            {
                return pos;
            }

            pos += lf + 1;
        }

        return span.Length;
    }

    /// <summary>The word's text: base64 ("B") or quoted-printable-like ("Q", '_' a space) bytes, then UTF-7.</summary>
    private static string? Decode(Match m)
    {
        var payload = m.Groups["text"].Value;
        byte[] bytes;
        if (m.Groups["enc"].Value is "B" or "b")
        {
            var padded = payload.PadRight((payload.Length + 3) / 4 * 4, '=');
            if (!Convert.TryFromBase64String(padded, new byte[padded.Length], out var n))
            {
                return null;
            }

            bytes = Convert.FromBase64String(padded)[..n];
        }
        else
        {
            var list = new List<byte>(payload.Length);
            for (var i = 0; i < payload.Length; i++)
            {
                var c = payload[i];
                if (c == '_')
                {
                    list.Add((byte)' ');
                }
                else if (c == '=' && i + 2 < payload.Length && Uri.IsHexDigit(payload[i + 1]) && Uri.IsHexDigit(payload[i + 2]))
                {
                    list.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    list.Add((byte)c);
                }
            }

            bytes = [.. list];
        }

        return MailCharsets.Decode(bytes, "utf-7", null);
    }

    // RFC 2047 §2 encoded-word with a UTF-7 charset label (RFC 2231 §5 allows "*language" after it).
    [GeneratedRegex(@"=\?(?:utf-?7|unicode-1-1-utf-7|x-unicode-2-0-utf-7|csunicode11utf7)(?:\*[^?]*)?\?(?<enc>[bBqQ])\?(?<text>[^?\s]*)\?=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
