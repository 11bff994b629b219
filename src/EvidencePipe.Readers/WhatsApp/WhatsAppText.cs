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
    // WhatsApp never writes C0 control characters other than tab (and CR, left to the line reader):
    // NULs and the like are damage (zeroed blocks from a failing copy or carve). They are dropped so
    // that a message header they precede is still read; the emitter reports each damaged line.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    private static readonly SearchValues<char> Special = SearchValues.Create(
        "\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF\u00A0\u202F\u2007"
        + "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>How many damage control characters (see above) the raw line holds.</summary>
    public static int CountControls(ReadOnlySpan<char> line)
    {
        var span = line;
        var count = 0;
        for (var i = span.IndexOfAny(Controls); i >= 0; i = span.IndexOfAny(Controls))
        {
            count++;
            span = span[(i + 1)..];
        }

        return count;
    }

    public static string Clean(string line)
    {
        var span = line.AsSpan();
        var first = FirstSpecial(span);
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
            else if (!IsDirectionalMark(c) && !Controls.Contains(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// As <see cref="Clean(string)"/>, in place: the same characters end up at the start of
    /// <paramref name="line"/>, whose cleaned length is returned (never longer: marks are dropped,
    /// special spaces replaced one for one, damage controls dropped). Lets the reader clean each
    /// line in its decode buffer.
    /// </summary>
    public static int Clean(Span<char> line)
    {
        var first = FirstSpecial(line);
        if (first < 0)
        {
            return line.Length;
        }

        var written = first;
        for (var i = first; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '\u00A0' or '\u202F' or '\u2007')
            {
                line[written++] = ' ';
            }
            else if (!IsDirectionalMark(c) && !Controls.Contains(c))
            {
                line[written++] = c;
            }
        }

        return written;
    }

    /// <summary>A short, single-line excerpt for diagnostics.</summary>
    public static string Preview(string text, int max = 60) => Preview(text.AsSpan(), max);

    /// <summary>A short, single-line excerpt for diagnostics: CR and LF shown as spaces, cut at <paramref name="max"/> with an ellipsis.</summary>
    public static string Preview(ReadOnlySpan<char> text, int max = 60)
    {
        var cut = text.Length > max;
        var kept = cut ? text[..max] : text;
        var flat = new string(kept);
        if (kept.IndexOfAny('\n', '\r') >= 0)
        {
            flat = flat.Replace('\n', ' ').Replace('\r', ' ');
        }

        return cut ? flat + "…" : flat;
    }

    /// <summary>
    /// Index of the first special character, or -1. None is printable ASCII (U+0020..U+007E), so the
    /// search first skips the (usually all-ASCII) start of the line with a plain range scan: the set
    /// search itself is several times slower per character.
    /// </summary>
    private static int FirstSpecial(ReadOnlySpan<char> line)
    {
        var start = line.IndexOfAnyExceptInRange(' ', '~');
        if (start < 0)
        {
            return -1;
        }

        var found = line[start..].IndexOfAny(Special);
        return found < 0 ? -1 : start + found;
    }

    private static bool IsDirectionalMark(char c) =>
        c is '\u200E' or '\u200F' or '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
