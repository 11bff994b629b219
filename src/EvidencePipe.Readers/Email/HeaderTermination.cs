namespace EvidencePipe.Readers.Email;

/// <summary>
/// Where a header block really ends. RFC 5322 §2.2 and §3.5: a header is field lines (with folded
/// continuations) then an empty line. When the empty line is missing, CPython's feedparser (the
/// golden tests' oracle) and mime4j end the header at the first line that is neither a field nor a
/// continuation, and that line starts the body. MimeKit 4.18 instead keeps reading such lines as
/// header text until an empty line, which swallowed whole bodies (and, in MimeKit issue 1189's
/// mailbox, a base64 attachment). The builder finds those lines here and re-parses with an empty
/// line inserted before each, reporting it.
/// </summary>
internal static class HeaderTermination
{
    /// <summary>Offset of the first line in <c>[start, end)</c> that ends the header without an empty line, or -1.</summary>
    public static long FirstNonFieldLine(ReadOnlySpan<byte> bytes, long start, long end)
    {
        if (start < 0 || end > bytes.Length || end <= start)
        {
            return -1;
        }

        var pos = (int)start;
        var first = true;
        while (pos < end)
        {
            var rest = bytes[pos..(int)end];
            var lf = rest.IndexOf((byte)'\n');
            var line = (lf < 0 ? rest : rest[..lf]).TrimEnd((byte)'\r');
            if (line.IsEmpty)
            {
                return -1; // the empty line: a properly ended header
            }

            var mboxLine = first && (line.StartsWith("From "u8) || line.StartsWith(">From "u8));
            if (!mboxLine && line[0] is not ((byte)' ' or (byte)'\t') && !IsField(line))
            {
                return pos;
            }

            first = false;
            if (lf < 0)
            {
                break;
            }

            pos += lf + 1;
        }

        return -1;
    }

    /// <summary>RFC 5322 §3.6.8 field-name (printable US-ASCII except colon), optional WSP, then ':'.</summary>
    private static bool IsField(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var name = line[..colon].TrimEnd(" \t"u8);
        return !name.IsEmpty && name.IndexOfAnyExceptInRange((byte)33, (byte)126) < 0;
    }

    /// <summary>A copy of <paramref name="bytes"/> with an empty line inserted at each offset (CRLF when the line before ends so).</summary>
    public static byte[] InsertEmptyLines(ReadOnlySpan<byte> bytes, IReadOnlyCollection<long> offsets)
    {
        var output = new List<byte>(bytes.Length + (offsets.Count * 2));
        var from = 0;
        foreach (var offset in offsets.Order())
        {
            var at = (int)offset;
            output.AddRange(bytes[from..at]);
            if (at >= 2 && bytes[at - 2] == (byte)'\r')
            {
                output.Add((byte)'\r');
            }

            output.Add((byte)'\n');
            from = at;
        }

        output.AddRange(bytes[from..]);
        return [.. output];
    }

    /// <summary>
    /// The message with every top-level header line longer than <paramref name="max"/> bytes cut to
    /// that length (RFC 5322 §2.1.1 allows 998). MimeKit takes about a second per megabyte of a single
    /// header line, so a hostile one would stall the reader; each cut is reported.
    /// </summary>
    public static ReadOnlyMemory<byte> CapHeaderLines(ReadOnlyMemory<byte> message, int max, ICollection<string> problems)
    {
        var span = message.Span;
        var cuts = new List<(int Start, int End)>();
        var pos = 0;
        while (pos < span.Length)
        {
            var lf = span[pos..].IndexOf((byte)'\n');
            var end = lf < 0 ? span.Length : pos + lf;
            if (span[pos..end].TrimEnd((byte)'\r').IsEmpty)
            {
                break; // the empty line: the body starts
            }

            if (end - pos > max)
            {
                cuts.Add((pos + max, end));
                problems.Add($"message byte {pos}: header line of {end - pos} bytes cut to {max}");
            }

            if (lf < 0)
            {
                break;
            }

            pos = end + 1;
        }

        if (cuts.Count == 0)
        {
            return message;
        }

        var output = new List<byte>(span.Length);
        var from = 0;
        foreach (var (start, end) in cuts)
        {
            output.AddRange(span[from..start]);
            from = end;
        }

        output.AddRange(span[from..]);
        return output.ToArray();
    }
}
