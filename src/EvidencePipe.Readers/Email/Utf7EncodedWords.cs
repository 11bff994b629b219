using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// RFC 2047 encoded words in the UTF-7 charset (RFC 2152) in a message's top-level header block,
/// rewritten as the same text in UTF-8 encoded words before MimeKit parses it. MimeKit does not
/// decode a UTF-7 word (.NET refuses the charset by name, SYSLIB0001): it decodes the word's bytes
/// with its fallback charset and leaves "caf+AOk-" where "café" was written. CPython's
/// <c>email.header.decode_header</c> and its <c>utf-7</c> codec decode them. Rewriting keeps
/// MimeKit's own RFC 2047 rules (adjacent words joined, §6.2) for Subject, display names and the rest.
/// In part headers the attachment's name is what matters: <see cref="TryPartFileName"/> reads it the
/// same way, and RFC 2231 extended values labelled UTF-7 too. Bodies are left as they are.
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

        var count = 0;
        var rewritten = RewriteWords(Encoding.Latin1.GetString(header), ref count);
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

    /// <summary>
    /// The file name of a part whose Content-Disposition or Content-Type carries a UTF-7 value, read
    /// as CPython's <c>get_filename()</c> reads it: an RFC 2047 word inside the parameter, or an RFC 2231
    /// §4 extended value (<c>filename*=utf-7''…</c>). False when neither header has one, so MimeKit's own
    /// reading stands. The precedence is MessageContent's: Content-Disposition filename, then Content-Type name.
    /// Continued RFC 2231 values (<c>filename*0*=utf-7''…; filename*1*=…</c>) are joined first (<see cref="Utf7Continuations"/>).
    /// </summary>
    public static bool TryPartFileName(MimeEntity entity, ICollection<string> problems, out string? name)
    {
        var count = 0;
        var disposition = Rewritten(entity, HeaderId.ContentDisposition, ref count);
        var type = Rewritten(entity, HeaderId.ContentType, ref count);
        if (count == 0)
        {
            name = null;
            return false;
        }

        var fromDisposition = disposition is not null && ContentDisposition.TryParse(ParserOptions.Default, disposition, out var cd)
            ? cd.FileName
            : entity.ContentDisposition?.FileName;
        var fromType = type is not null && ContentType.TryParse(ParserOptions.Default, type, out var ct) ? ct.Name : entity.ContentType.Name;
        name = fromDisposition ?? fromType;
        problems.Add($"{count} UTF-7 value(s) in a part header (RFC 2152, disabled in .NET): decoded with the UTF-7 decoder directly");
        return true;
    }

    /// <summary>Whether a part header's raw value may hold a UTF-7 word or extended value (the cheap test before rewriting it).</summary>
    public static bool MayHoldUtf7(ReadOnlySpan<byte> raw) => raw.IndexOf("7?"u8) >= 0 || raw.IndexOf("7*"u8) >= 0 || raw.IndexOf("7'"u8) >= 0;

    /// <summary>The header's raw value with its UTF-7 words and extended values rewritten in UTF-8, or null when it has none.</summary>
    private static byte[]? Rewritten(MimeEntity entity, HeaderId id, ref int count)
    {
        var index = entity.Headers.IndexOf(id);
        if (index < 0)
        {
            return null;
        }

        var raw = entity.Headers[index].RawValue;
        if (!MayHoldUtf7(raw))
        {
            return null;
        }

        var before = count;
        var text = RewriteWords(Encoding.Latin1.GetString(raw), ref count);
        text = Utf7Continuations.Rewrite(text, ref count);
        var found = count;
        text = Extended().Replace(text, m =>
        {
            var bytes = PercentDecoded(m.Groups["value"].Value);
            var decoded = MailCharsets.Decode(bytes, "utf-7", null);
            found++;
            return m.Groups["key"].Value + "*=utf-8'" + m.Groups["lang"].Value + "'" + Uri.EscapeDataString(decoded);
        });
        count = found;
        return count == before ? null : Encoding.Latin1.GetBytes(text);
    }

    /// <summary>Every UTF-7 encoded word in <paramref name="text"/> rewritten as a UTF-8 "B" word; undecodable words stay as written.</summary>
    private static string RewriteWords(string text, ref int count)
    {
        var found = count;
        var result = Word().Replace(text, m =>
        {
            if (Decode(m) is not { } decoded)
            {
                return m.Value;
            }

            found++;
            return "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(decoded)) + "?=";
        });
        count = found;
        return result;
    }

    /// <summary>RFC 2231 §4 value-chars: "%" and two hex digits is an octet, anything else is itself.</summary>
    internal static byte[] PercentDecoded(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)value[i]);
            }
        }

        return [.. bytes];
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

    // RFC 2231 §4 extended parameter value, not continued: name*=charset'language'value-chars, charset a UTF-7 label
    // (the name not itself after a '*', so a section "name*0*=" is never read as a parameter "0").
    [GeneratedRegex(@"(?<![A-Za-z0-9!#$&+.^_`|~*-])(?<key>[A-Za-z0-9!#$&+.^_`|~-]+)\*=(?:utf-?7|unicode-1-1-utf-7|x-unicode-2-0-utf-7|csunicode11utf7)'(?<lang>[^']*)'(?<value>[^;\s""]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extended();
}
