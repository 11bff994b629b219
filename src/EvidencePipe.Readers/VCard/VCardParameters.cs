namespace EvidencePipe.Readers.VCard;

/// <summary>How a property value is transfer-encoded (vCard 2.1 ENCODING parameter; RFC 2426 ENCODING=b).</summary>
internal enum ValueEncoding
{
    None,
    QuotedPrintable,
    Base64,
    Other,
}

/// <summary>
/// The few parameters of a content line this reader acts on. TYPE and the rest are accepted but not
/// kept: they do not change who an identifier belongs to.
/// </summary>
internal sealed record VCardParameters(ValueEncoding Encoding, string? Charset, string? ValueType)
{
    public static VCardParameters Empty { get; } = new(ValueEncoding.None, null, null);

    /// <summary>
    /// Parses the text between the property name and the value colon, e.g.
    /// <c>;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE</c> or <c>;TYPE="work,voice";PREF=1</c>.
    /// vCard 2.1 allows bare parameter values (<c>;CELL</c>, <c>;QUOTED-PRINTABLE</c>, <c>;BASE64</c>);
    /// RFC 6350 §3.3 allows DQUOTE-quoted values that may contain <c>;</c> and <c>:</c>.
    /// </summary>
    public static VCardParameters Parse(ReadOnlySpan<char> text)
    {
        var encoding = ValueEncoding.None;
        string? charset = null;
        string? valueType = null;
        while (!text.IsEmpty)
        {
            if (text[0] == ';')
            {
                text = text[1..];
                continue;
            }

            var end = FindUnquoted(text, ';');
            var segment = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];

            var eq = segment.IndexOf('=');
            if (eq < 0)
            {
                encoding = BareEncoding(segment.Trim(), encoding);
                continue;
            }

            var name = segment[..eq].Trim();
            var value = segment[(eq + 1)..].Trim().Trim('"');
            if (name.Equals("ENCODING", StringComparison.OrdinalIgnoreCase))
            {
                encoding = NamedEncoding(value);
            }
            else if (name.Equals("CHARSET", StringComparison.OrdinalIgnoreCase))
            {
                charset = value.ToString();
            }
            else if (name.Equals("VALUE", StringComparison.OrdinalIgnoreCase))
            {
                valueType = value.ToString();
            }
        }

        return encoding == ValueEncoding.None && charset is null && valueType is null
            ? Empty
            : new VCardParameters(encoding, charset, valueType);
    }

    /// <summary>Index of the first <paramref name="c"/> outside double quotes, or -1.</summary>
    public static int FindUnquoted(ReadOnlySpan<char> text, char c)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == c && !quoted)
            {
                return i;
            }
        }

        return -1;
    }

    private static ValueEncoding BareEncoding(ReadOnlySpan<char> value, ValueEncoding current) =>
        value.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase) ? ValueEncoding.QuotedPrintable
        : value.Equals("BASE64", StringComparison.OrdinalIgnoreCase) ? ValueEncoding.Base64
        : current;

    private static ValueEncoding NamedEncoding(ReadOnlySpan<char> value) =>
        value.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase) ? ValueEncoding.QuotedPrintable
        : value.Equals("BASE64", StringComparison.OrdinalIgnoreCase) || value.Equals("B", StringComparison.OrdinalIgnoreCase) ? ValueEncoding.Base64
        : value.Equals("8BIT", StringComparison.OrdinalIgnoreCase) || value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) ? ValueEncoding.None
        : ValueEncoding.Other;
}
