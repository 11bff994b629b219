using System.Buffers;
using System.Text;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>Character clean-up applied to every line of an export before it is parsed.</summary>
internal static class WhatsAppText
{
    // WhatsApp wraps names, numbers and attachment names in directional marks (U+200E/U+200F,
    // embeddings and overrides U+202A..U+202E, isolates U+2066..U+2069); they carry no content.
    // iOS puts U+202F (narrow no-break space) before AM/PM and Android German exports U+00A0 inside
    // phone numbers: both are read as plain spaces so patterns and identifiers see one spelling.
    // U+FEFF (a byte order mark that survived decoding, or a zero-width no-break space) is dropped.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF\u00A0\u202F\u2007");

    public static string Clean(string line)
    {
        var span = line.AsSpan();
        var first = span.IndexOfAny(Special);
        if (first < 0)
        {
            return line;
        }

        var sb = new StringBuilder(line.Length);
        sb.Append(span[..first]);
        foreach (var c in span[first..])
        {
            if (c is '\u00A0' or '\u202F' or '\u2007')
            {
                sb.Append(' ');
            }
            else if (!IsDirectionalMark(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>A short, single-line excerpt for diagnostics.</summary>
    public static string Preview(string text, int max = 60)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ');
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max), "…");
    }

    private static bool IsDirectionalMark(char c) =>
        c is '\u200E' or '\u200F' or '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
