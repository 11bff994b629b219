using System.Globalization;
using System.Text;

namespace EvidencePipe.Synthesis;

/// <summary>
/// The few pieces of RFC 5322 / MIME text the synthetic mailbox needs, written out by hand because
/// Core takes no dependency on the parser (which must not be used to produce its own test input).
/// </summary>
public static class MailEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>RFC 5322 §3.3 date-time with the numeric zone of that instant: <c>Sun, 31 Mar 2024 02:30:00 +0100</c>.</summary>
    public static string Date(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{value:ddd, d MMM yyyy HH:mm:ss} {sign}{abs.Hours:00}{abs.Minutes:00}");
    }

    /// <summary>
    /// The mbox From_ line date, RFC 4155 §2: asctime(3) layout (day of month space-padded) in UTC,
    /// with no zone because UTC is implied: <c>Sun Mar 31 01:30:00 2024</c>.
    /// </summary>
    public static string AscTime(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:ddd MMM} {utc.Day,2} {utc:HH:mm:ss yyyy}");
    }

    /// <summary>
    /// An unstructured header value (Subject): as is when it is ASCII, else RFC 2047 §4.1 "B" encoded
    /// words of at most 42 UTF-8 bytes each (never splitting a character, §5 rule 3), so that
    /// "Subject: " plus one word stays within the 78-character line of RFC 5322 §2.1.1; words are
    /// folded onto continuation lines, and the folding white space between them is dropped on
    /// decoding (RFC 2047 §6.2).
    /// </summary>
    public static string Unstructured(string value)
    {
        if (Ascii.IsValid(value))
        {
            return value;
        }

        var words = new List<string>();
        var chunk = new StringBuilder();
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > 42)
            {
                words.Add(EncodedWord(chunk.ToString()));
                chunk.Clear();
                bytes = 0;
            }

            chunk.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        words.Add(EncodedWord(chunk.ToString()));
        return string.Join("\n ", words);

        static string EncodedWord(string text) => "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";
    }

    /// <summary>
    /// RFC 2045 §6.7 quoted-printable of text with LF line breaks (each a hard line break): bytes
    /// outside 33–126 and '=' as =XX, space and tab literal except before a line break (rule 3),
    /// lines of at most 76 characters with '=' soft breaks (rule 5). A line starting "From " gets
    /// its F encoded (=46), as RFC 2049 §3 (8) advises, so the part survives a non-quoting mbox.
    /// </summary>
    public static string QuotedPrintable(string text)
    {
        var sb = new StringBuilder(text.Length + (text.Length / 8));
        var lines = text.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[l]);
            var width = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                var literal = (b is >= 33 and <= 126 && b != (byte)'=') || (b is (byte)' ' or (byte)'\t' && !last);
                if (i == 0 && b == (byte)'F' && lines[l].StartsWith("From ", StringComparison.Ordinal))
                {
                    literal = false;
                }

                var token = literal ? 1 : 3;

                // Room for the token plus a trailing soft-break '=' unless this is the line's end.
                if (width + token > (last ? 76 : 75))
                {
                    sb.Append("=\n");
                    width = 0;
                }

                if (literal)
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('=').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
                }

                width += token;
            }

            if (l < lines.Length - 1)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Word-wraps a paragraph at <paramref name="width"/> columns (RFC 5322 §2.1.1: lines SHOULD stay within 78).</summary>
    public static IEnumerable<string> Wrap(string paragraph, int width = 72)
    {
        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    /// <summary>Text for an HTML element's content: the five characters HTML reserves, escaped.</summary>
    public static string Html(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }
}
