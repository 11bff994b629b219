namespace EvidencePipe.Readers.Email;

/// <summary>
/// Content sniffing for mail: does a line look like an RFC 5322 header field, does the top of a file
/// look like a message header (known field names), is a line an mbox <c>From_</c> separator.
/// </summary>
internal static class HeaderSniffing
{
    /// <summary>Fields that begin real messages: RFC 5322 §3.6, RFC 2045 §4, RFC 5321 §4.4 trace fields, common X- fields.</summary>
    private static readonly string[] KnownFields =
    [
        "from", "to", "cc", "bcc", "subject", "date", "received", "return-path", "message-id", "mime-version", "content-type",
        "delivered-to", "reply-to", "sender", "references", "in-reply-to", "x-mailer", "content-transfer-encoding", "x-original-to",
        "envelope-to", "x-sender", "x-apparently-to", "x-gmail-labels", "x-mozilla-status", "dkim-signature", "authentication-results",
    ];

    public static ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;

    /// <summary>The field name if <paramref name="line"/> is <c>name:</c> (printable ASCII name, optional WSP before the colon).</summary>
    public static bool TryFieldName(ReadOnlySpan<byte> line, out string name)
    {
        name = string.Empty;
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || colon > 76)
        {
            return false;
        }

        var field = line[..colon].TrimEnd(" \t"u8);
        if (field.IsEmpty)
        {
            return false;
        }

        foreach (var b in field)
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }

        name = System.Text.Encoding.ASCII.GetString(field).ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// True when the block starting at <paramref name="data"/> is a run of header fields (continuations
    /// allowed) that includes at least one field real messages carry.
    /// </summary>
    public static bool LooksLikeHeader(ReadOnlySpan<byte> data)
    {
        var known = 0;
        var fields = 0;
        var pos = 0;
        while (pos < data.Length)
        {
            var lf = data[pos..].IndexOf((byte)'\n');
            if (lf < 0 && fields > 0)
            {
                break; // cut by the end of the sniff buffer
            }

            var line = (lf < 0 ? data[pos..] : data.Slice(pos, lf)).TrimEnd((byte)'\r');
            pos = lf < 0 ? data.Length : pos + lf + 1;
            if (line.IsEmpty)
            {
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (fields == 0)
                {
                    return false;
                }

                continue;
            }

            if (!TryFieldName(line, out var name))
            {
                break;
            }

            fields++;
            if (Array.IndexOf(KnownFields, name) >= 0)
            {
                known++;
            }
        }

        return fields > 0 && known > 0;
    }

    /// <summary>
    /// An mbox separator: <c>From </c>, an envelope sender with no spaces, then nothing or an
    /// asctime-like date (a h:mm time or a year). "From Russia with love" in an unescaped body is not one.
    /// </summary>
    public static bool IsFromLine(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd("\r\n"u8);
        if (!line.StartsWith("From "u8))
        {
            return false;
        }

        var rest = line[5..].TrimStart((byte)' ');
        if (rest.IsEmpty)
        {
            return true; // "From " alone: seen from some exporters
        }

        var space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            return true; // "From sender@example.com" or "From -"
        }

        var date = rest[(space + 1)..].Trim((byte)' ');
        if (date.IsEmpty)
        {
            return true;
        }

        // asctime: "Mon Jun  3 12:50:27 1996" — needs a time with a colon between digits.
        for (var i = 1; i + 1 < date.Length; i++)
        {
            if (date[i] == (byte)':' && char.IsAsciiDigit((char)date[i - 1]) && char.IsAsciiDigit((char)date[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The line starting at <paramref name="pos"/> without its terminator, and where the next begins.</summary>
    public static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> data, int pos, out int next)
    {
        var lf = data[pos..].IndexOf((byte)'\n');
        next = lf < 0 ? data.Length : pos + lf + 1;
        return (lf < 0 ? data[pos..] : data.Slice(pos, lf)).TrimEnd((byte)'\r');
    }
}
