using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// An RFC 2231 §3 continued parameter whose first section is an extended value in UTF-7
/// (<c>filename*0*=utf-7''caf+AOk%20+Jg; filename*1*=4.txt</c>), rewritten as one UTF-8 extended value
/// (<c>filename*=utf-8''caf%C3%A9%20%E2%98%8E.txt</c>) that MimeKit reads; MimeKit cannot decode the
/// UTF-7 label itself (.NET refuses it, SYSLIB0001). As CPython's <c>email.utils.decode_params</c>
/// (the compat32 <c>get_filename()</c>) does, the sections are put in their numeric order, extended
/// ones percent-decoded and quoted ones unquoted, and the joined octets decoded with the first
/// section's charset: RFC 2231 §4.1 labels the whole value, so a UTF-7 shift may span sections.
/// (CPython's <c>policy.default</c> parser decodes each section alone and raises on such a span.)
/// </summary>
internal static partial class Utf7Continuations
{
    /// <summary>The header value with each UTF-7 continued parameter joined and rewritten; <paramref name="count"/> grows by the number rewritten.</summary>
    public static string Rewrite(string header, ref int count)
    {
        var sections = Section().Matches(header);
        if (sections.Count == 0)
        {
            return header;
        }

        var rewritten = header;
        foreach (var group in sections.GroupBy(m => m.Groups["key"].Value, StringComparer.OrdinalIgnoreCase))
        {
            var ordered = group.OrderBy(m => int.Parse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
            var first = ordered[0];
            if (first.Groups["n"].Value.TrimStart('0').Length != 0 || !first.Groups["ext"].Success
                || Utf7Label().Match(first.Groups["value"].Value) is not { Success: true } label)
            {
                continue; // no section 0, or section 0 is not a UTF-7 extended value: MimeKit's reading stands
            }

            var bytes = new List<byte>();
            foreach (var m in ordered)
            {
                var value = m == first ? first.Groups["value"].Value[label.Length..] : m.Groups["value"].Value;
                bytes.AddRange(m.Groups["ext"].Success ? Utf7EncodedWords.PercentDecoded(value) : Encoding.Latin1.GetBytes(Unquoted(value)));
            }

            var decoded = MailCharsets.Decode([.. bytes], "utf-7", null);
            foreach (var m in group.OrderByDescending(m => m.Index))
            {
                rewritten = rewritten.Remove(m.Index, m.Length);
            }

            rewritten = rewritten.TrimEnd() + "; " + group.Key + "*=utf-8'" + label.Groups["lang"].Value + "'" + Uri.EscapeDataString(decoded);
            count++;
        }

        return rewritten;
    }

    /// <summary>A quoted-string's content (RFC 2045 §5.1, RFC 5322 §3.2.4: a backslash quotes the next character), else the token.</summary>
    private static string Unquoted(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
            }

            text.Append(value[i]);
        }

        return text.ToString();
    }

    // One section with the ';' before it: name*N=value or name*N*=value (RFC 2231 §3), the value a token or a quoted string.
    [GeneratedRegex(@";\s*(?<key>[A-Za-z0-9!#$&+.^_`|~-]+)\*(?<n>[0-9]+)(?<ext>\*)?=(?<value>""(?:[^""\\]|\\.)*""|[^;\s""]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Section();

    // The charset'language' head of an extended first section, the charset a UTF-7 label.
    [GeneratedRegex(@"^(?:utf-?7|unicode-1-1-utf-7|x-unicode-2-0-utf-7|csunicode11utf7)'(?<lang>[^']*)'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Utf7Label();
}
