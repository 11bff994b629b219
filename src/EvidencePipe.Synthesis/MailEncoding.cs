using System.Globalization;
using System.Text;

namespace EvidencePipe.Synthesis;

/// <summary>
/// The text pieces of the synthetic mailbox that are not MIME: the mbox From_ line date, word
/// wrapping and HTML escaping. The messages themselves are written by MimeKit (<see cref="MailComposer"/>);
/// tests check what is written with independent decoders (CPython, notmuch), never with MimeKit alone.
/// </summary>
public static class MailEncoding
{
    /// <summary>
    /// The mbox From_ line date, RFC 4155 §2: asctime(3) layout (day of month space-padded) in UTC,
    /// with no zone because UTC is implied: <c>Sun Mar 31 01:30:00 2024</c>.
    /// </summary>
    public static string AscTime(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:ddd MMM} {utc.Day,2} {utc:HH:mm:ss yyyy}");
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
