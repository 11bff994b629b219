namespace EvidencePipe.Mime;

/// <summary>
/// Reads a header block (RFC 5322 §2.2, §3.6; obsolete syntax §4.5) from bytes: field name, colon,
/// value, continuation lines starting with SP/HT. Tolerant as real mail demands: whitespace before
/// the colon (obs-optional), bare LF line ends, an mbox <c>From_</c> line at the top, and a header
/// block that ends without the empty line (the first line that is not a field starts the body, as
/// CPython's feedparser and mime4j do).
/// </summary>
public static class HeaderBlockParser
{
    /// <summary>Parses fields from the start of <paramref name="data"/>; returns where the body starts.</summary>
    /// <param name="baseOffset">Offset of <paramref name="data"/> in the whole message, for problem locations.</param>
    public static int Parse(ReadOnlySpan<byte> data, HeaderList headers, MimeProblems problems, long baseOffset)
    {
        var pos = 0;
        var first = true;
        while (pos < data.Length)
        {
            var lineEnd = LineEnd(data, pos, out var next);
            var line = data[pos..lineEnd];
            if (line.IsEmpty)
            {
                return next; // the empty line separating header from body
            }

            if (first && line.StartsWith("From "u8))
            {
                // An mbox From_ separator left at the top of a single message file.
                problems.Add(baseOffset + pos, "mbox 'From ' line before the header fields was ignored");
                pos = next;
                first = false;
                continue;
            }

            first = false;
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // A continuation with no field to continue: obsolete junk, skipped.
                problems.Add(baseOffset + pos, "header continuation line with no field before it was ignored");
                pos = next;
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsFieldName(line[..colon].TrimEnd(" \t"u8)))
            {
                problems.Add(baseOffset + pos, "header block ended without an empty line: the body starts at the first line that is not a header field");
                return pos;
            }

            var name = System.Text.Encoding.ASCII.GetString(line[..colon].TrimEnd(" \t"u8));
            var fieldStart = pos;
            var valueStart = pos + colon + 1;
            var end = lineEnd;
            pos = next;
            // Folded continuation lines (RFC 5322 §2.2.3).
            while (pos < data.Length && data[pos] is (byte)' ' or (byte)'\t')
            {
                end = LineEnd(data, pos, out next);
                pos = next;
            }

            headers.Add(new HeaderField(name, Unfold(data[valueStart..end]), baseOffset + fieldStart));
        }

        return data.Length;
    }

    /// <summary>End of the line starting at <paramref name="pos"/> (before CR LF / LF); <paramref name="next"/> is the next line's start.</summary>
    public static int LineEnd(ReadOnlySpan<byte> data, int pos, out int next)
    {
        var lf = data[pos..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            next = data.Length;
            return data.Length > pos && data[^1] == (byte)'\r' ? data.Length - 1 : data.Length;
        }

        var end = pos + lf;
        next = end + 1;
        return end > pos && data[end - 1] == (byte)'\r' ? end - 1 : end;
    }

    /// <summary>RFC 5322 §3.6.8 field-name: printable US-ASCII except colon.</summary>
    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes the line breaks of folding (keeping the whitespace) and trims the value.</summary>
    private static string Unfold(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim(" \t\r\n"u8);
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Charsets.DecodeUnlabelled(raw);
        }

        var buffer = raw.Length <= 1024 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var n = 0;
        foreach (var b in raw)
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                buffer[n++] = b;
            }
        }

        return Charsets.DecodeUnlabelled(buffer[..n]);
    }
}
