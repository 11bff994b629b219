using System.Globalization;
using System.Text;
using EvidencePipe.Readers.Email;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// Plain text from an RTF body (the RTF 1.9.1 specification's syntax): groups, control words and
/// symbols. Destinations that are not text (font, colour and style tables, document info, pictures,
/// objects, headers and footers, and every <c>\*</c> destination — which includes the HTML tags an
/// HTML body converted to RTF carries in <c>\*\htmltag</c>) are skipped; <c>\par</c>/<c>\line</c>
/// give line breaks, <c>\tab</c> a tab, <c>\'hh</c> a byte in the document's <c>\ansicpgN</c> code
/// page, <c>\uN</c> a UTF-16 unit (its <c>\ucN</c> fallback characters skipped). Nesting deeper
/// than <see cref="MaxDepth"/> is skipped as a whole, so hostile input cannot exhaust the stack.
/// </summary>
public static class RtfText
{
    private const int MaxDepth = 256;

    private static readonly HashSet<string> SkippedDestinations = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr", "headerf",
        "footerl", "footerr", "footerf", "listtable", "listoverridetable", "revtbl", "rsidtbl", "xmlnstbl", "themedata",
        "colorschememapping", "latentstyles", "datastore", "fldinst", "generator", "mmathPr", "pntext", "pntxta", "pntxtb",
    };

    public static string ToText(ReadOnlySpan<byte> rtf)
    {
        var text = new StringBuilder();
        var encoding = MailCharsets.Windows1252;
        var bytes = new List<byte>();
        var skip = new Stack<(bool Skip, int Uc)>();
        var skipping = false;
        var uc = 1;
        var pendingFallback = 0;
        var i = 0;

        void Flush()
        {
            if (bytes.Count > 0)
            {
                text.Append(encoding.GetString([.. bytes]));
                bytes.Clear();
            }
        }

        while (i < rtf.Length)
        {
            var c = rtf[i];
            if (c == (byte)'{')
            {
                if (skip.Count >= MaxDepth)
                {
                    skipping = true;
                }

                skip.Push((skipping, uc));
                i++;
                continue;
            }

            if (c == (byte)'}')
            {
                Flush();
                if (skip.Count > 0)
                {
                    (skipping, uc) = skip.Pop();
                }

                i++;
                continue;
            }

            if (c == (byte)'\\' && i + 1 < rtf.Length)
            {
                var next = rtf[i + 1];
                if (next == (byte)'\'' && i + 3 < rtf.Length)
                {
                    i += 4;
                    if (byte.TryParse(Encoding.ASCII.GetString(rtf.Slice(i - 2, 2)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) && !skipping)
                    {
                        if (pendingFallback > 0)
                        {
                            pendingFallback--;
                        }
                        else
                        {
                            bytes.Add(value);
                        }
                    }

                    continue;
                }

                if (!IsLetter(next))
                {
                    // A control symbol: \{ \} \\ are literal, \~ a non-breaking space, \* marks an optional destination.
                    i += 2;
                    if (next == (byte)'*')
                    {
                        skipping = true;
                    }
                    else if (!skipping && next is (byte)'{' or (byte)'}' or (byte)'\\')
                    {
                        bytes.Add(next);
                    }
                    else if (!skipping && next == (byte)'~')
                    {
                        bytes.Add((byte)' ');
                    }

                    continue;
                }

                var start = i + 1;
                var end = start;
                while (end < rtf.Length && IsLetter(rtf[end]) && end - start < 32)
                {
                    end++;
                }

                var word = Encoding.ASCII.GetString(rtf[start..end]);
                var numberStart = end;
                if (end < rtf.Length && rtf[end] == (byte)'-')
                {
                    end++;
                }

                while (end < rtf.Length && char.IsAsciiDigit((char)rtf[end]) && end - numberStart < 11)
                {
                    end++;
                }

                int? parameter = end > numberStart && int.TryParse(Encoding.ASCII.GetString(rtf[numberStart..end]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) ? p : null;
                if (end < rtf.Length && rtf[end] == (byte)' ')
                {
                    end++;
                }

                i = end;
                if (SkippedDestinations.Contains(word))
                {
                    skipping = true;
                    continue;
                }

                if (word == "ansicpg" && parameter is { } cp)
                {
                    encoding = CodePage(cp) ?? encoding;
                    continue;
                }

                if (skipping)
                {
                    continue;
                }

                switch (word)
                {
                    case "par" or "line" or "sect" or "page":
                        Flush();
                        text.Append('\n');
                        break;
                    case "tab":
                        Flush();
                        text.Append('\t');
                        break;
                    case "uc":
                        uc = Math.Clamp(parameter ?? 1, 0, 8);
                        break;
                    case "u" when parameter is { } unit:
                        Flush();
                        text.Append((char)(ushort)(short)Math.Clamp(unit, short.MinValue, ushort.MaxValue));
                        pendingFallback = uc;
                        break;
                }

                continue;
            }

            i++;
            if (skipping || c is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (pendingFallback > 0)
            {
                pendingFallback--;
                continue;
            }

            bytes.Add(c);
        }

        Flush();
        return text.ToString().Trim();
    }

    private static bool IsLetter(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static Encoding? CodePage(int codePage)
    {
        _ = MailCharsets.Windows1252; // registers the code-page provider
        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
