using System.Text;

namespace EvidencePipe.Readers.VCard;

/// <summary>Byte- and char-level helpers shared by the vCard line and value parsers.</summary>
internal static class VCardText
{
    /// <summary>True when <paramref name="value"/>, trimmed, is <paramref name="keyword"/> (ASCII, any case).</summary>
    public static bool IsAsciiKeyword(ReadOnlySpan<byte> value, string keyword)
    {
        value = value.Trim(" \t"u8);
        if (value.Length != keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.ToUpperInvariant((char)value[i]) != keyword[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True for a physical line that opens or closes a card. A quoted-printable soft line break is
    /// never allowed to swallow one of these, so a card whose last QP value ends in <c>=</c> still closes.
    /// </summary>
    public static bool IsCardBoundary(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        var name = line[..colon].Trim(" \t"u8);
        return (IsAsciiKeyword(name, "BEGIN") || IsAsciiKeyword(name, "END")) && IsAsciiKeyword(line[(colon + 1)..], "VCARD");
    }

    /// <summary>
    /// vCard 2.1 (BASE64 encoding): a BASE64 value runs over following lines until a blank line, and those lines
    /// need not be indented; they are recognisable because they only use the base64 alphabet.
    /// </summary>
    public static bool IsBase64Only(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            var ok = b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'+' or (byte)'/' or (byte)'=' or (byte)' ' or (byte)'\t';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short, printable excerpt of a line for a diagnostic (control bytes shown as '?').</summary>
    public static string Excerpt(ReadOnlySpan<byte> line, int max = 40)
    {
        var text = Encoding.UTF8.GetString(line.Length > max * 4 ? line[..(max * 4)] : line);
        var sb = new StringBuilder(Math.Min(text.Length, max) + 1);
        foreach (var c in text)
        {
            if (sb.Length == max)
            {
                sb.Append('…');
                break;
            }

            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Removes vCard text escaping: <c>\\ \n \N \, \; \:</c> (RFC 6350 §3.4, RFC 2426 §4). <c>\:</c>
    /// is not in the RFCs but Apple and Gmail write it in URLs (fixtures/vcard/gmail-single2.vcf).
    /// Unknown escapes are kept as written.
    /// </summary>
    public static string Unescape(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value.ToString();
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 == value.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = value[++i];
            switch (next)
            {
                case 'n' or 'N':
                    sb.Append('\n');
                    break;
                case '\\' or ',' or ';' or ':':
                    sb.Append(next);
                    break;
                default:
                    sb.Append(c).Append(next);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Splits a structured value (N, ORG) on unescaped semicolons and unescapes each component.</summary>
    public static List<string> SplitStructured(ReadOnlySpan<char> value)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == ';')
            {
                parts.Add(Unescape(value[start..i]));
                start = i + 1;
            }
        }

        parts.Add(Unescape(value[Math.Min(start, value.Length)..]));
        return parts;
    }
}
