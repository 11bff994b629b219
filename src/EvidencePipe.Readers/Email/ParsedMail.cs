using MimeKit;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// What an email event is read from: the top-level header fields, the body entity, the Subject and the
/// parties, from MimeKit either way. <see cref="Of"/> takes them from a <see cref="MimeMessage"/>.
/// <see cref="TryLean"/> takes them from the top-level entity (<see cref="MimeParser.ParseEntity"/>, which
/// keeps every header field on it) and parses only From, To, Cc and Bcc, with MimeKit's address-list parser:
/// the message object (its header list, ten address lists and their change handlers, and a finalizer) cost
/// 3 KB and a sixth of the parse per message. Parsing the same fields the same way, it gives what the
/// message gives; <c>EmailEventBuilderTests</c> compares the two readings over every email fixture.
/// </summary>
internal sealed class ParsedMail : IDisposable
{
    private readonly IDisposable? _owner;
    private readonly HeaderList? _headerList;
    private readonly IReadOnlyList<Header>? _headers;

    private ParsedMail(IDisposable? owner, HeaderList? headerList, IReadOnlyList<Header>? headers, MimeEntity? body, SingleTextPart? single, string? subject, InternetAddressList from, InternetAddressList[] recipients, RawBodies raw, IReadOnlyList<long> unterminated)
    {
        _owner = owner;
        _headerList = headerList;
        _headers = headers;
        Body = body;
        Single = single;
        Subject = subject;
        From = from;
        Recipients = recipients;
        Raw = raw;
        Unterminated = unterminated;
    }

    /// <summary>
    /// The decoded value of the first top-level field named as <paramref name="id"/> (what <see cref="HeaderList"/>'s
    /// indexer gives), or null. With the lean reading the Content-* fields are among them too (none of those is read from here).
    /// </summary>
    public string? Header(HeaderId id) => _headerList is not null ? First(_headerList, id) : First((List<Header>)_headers!, id);

    /// <summary>The first field named as <paramref name="id"/> (<see cref="HeaderList"/>'s name table keeps the first one added), its value as <see cref="ValueOf"/> reads it.</summary>
    private static string? First<T>(T headers, HeaderId id)
        where T : IList<Header>
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (SinglePartReader.Is(headers[i], id))
            {
                return ValueOf(headers[i]);
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="MimeKit.Header.Value"/>, taken directly when the raw value is ASCII without <c>=?</c>: MimeKit's
    /// RFC 2047 decoder then appends every byte as its character (only an encoded word, which starts with <c>=?</c>, or
    /// 8-bit text is converted), and the value is that text unfolded. Read that way it skips the decoder's per-call
    /// state (a decoder object and two pooled buffers), about ten times per message. Anything else is MimeKit's
    /// own reading. <c>ParsedMailTests</c> compares the two over every header field of every email fixture.
    /// </summary>
    internal static string ValueOf(Header header)
    {
        var raw = header.RawValue;
        return System.Text.Ascii.IsValid(raw) && raw.AsSpan().IndexOf("=?"u8) < 0 ? Unfold(raw) : header.Value;
    }

    /// <summary>
    /// MimeKit's <see cref="MimeKit.Header.Unfold"/> of the ASCII text <paramref name="raw"/>, from the bytes: white
    /// space (char.IsWhiteSpace) trimmed at both ends, CR and LF removed, everything else kept.
    /// </summary>
    private static string Unfold(byte[] raw)
    {
        var start = 0;
        while (start < raw.Length && char.IsWhiteSpace((char)raw[start]))
        {
            start++;
        }

        var end = raw.Length;
        while (end > start && char.IsWhiteSpace((char)raw[end - 1]))
        {
            end--;
        }

        var kept = raw.AsSpan(start, end - start);
        var breaks = kept.Count((byte)'\r') + kept.Count((byte)'\n');
        if (breaks == 0)
        {
            return System.Text.Encoding.ASCII.GetString(kept);
        }

        return string.Create(kept.Length - breaks, (raw, start, end), static (chars, state) =>
        {
            var n = 0;
            for (var i = state.start; i < state.end; i++)
            {
                var b = state.raw[i];
                if (b is not ((byte)'\r' or (byte)'\n'))
                {
                    chars[n++] = (char)b;
                }
            }
        });
    }

    /// <summary>The body entity; null when there is none, or when the message was read as one text part (<see cref="Single"/>).</summary>
    public MimeEntity? Body { get; }

    /// <summary>The message's only part, when it was read by <see cref="SinglePartReader"/>.</summary>
    public SingleTextPart? Single { get; }

    /// <summary>The decoded Subject (RFC 2047), the first Subject field's value.</summary>
    public string? Subject { get; }

    /// <summary>The From addresses (their mailboxes are read as <see cref="InternetAddressList.Mailboxes"/> gives them); with no From field, the Sender (RFC 5322 §3.6.2).</summary>
    public InternetAddressList From { get; }

    /// <summary>To, Cc and Bcc, in that order.</summary>
    public IReadOnlyList<InternetAddressList> Recipients { get; }

    /// <summary>The message's bytes and where each embedded message's body lies in them.</summary>
    public RawBodies Raw { get; }

    /// <summary>Offsets of header blocks that ended without their empty line (<see cref="HeaderTermination"/>).</summary>
    public IReadOnlyList<long> Unterminated { get; }

    public static ParsedMail Of(MimeMessage message, RawBodies raw, IReadOnlyList<long> unterminated)
    {
        var headers = message.Headers;
        var from = headers.Contains(HeaderId.From) ? message.From : message.Sender is { } sender ? [sender] : [];
        return new ParsedMail(message, headers, null, message.Body, null, message.Subject, from, [message.To, message.Cc, message.Bcc], raw, unterminated);
    }

    /// <summary>
    /// The lean reading, or null (the entity disposed) when it declines the message: no From field (the
    /// Sender is then read as MimeMessage reads it), or an address field that MimeKit's public list parser
    /// refuses. MimeMessage's own reading of a list skips a broken address and keeps the rest
    /// (its internal parser flag), where the public parser refuses the whole list, so such a message is
    /// left to MimeMessage. A field of only white space adds no address either way and is passed over here.
    /// </summary>
    public static ParsedMail? TryLean(MimeEntity entity, ParserOptions options, RawBodies raw, IReadOnlyList<long> unterminated)
    {
        var headers = entity.Headers;
        if (Addresses(headers, options) is not { } parties)
        {
            entity.Dispose();
            return null;
        }

        return new ParsedMail(entity, headers, null, entity, null, First(headers, HeaderId.Subject), parties.From, parties.Recipients, raw, unterminated);
    }

    /// <summary>
    /// A message of one text part read by <see cref="SinglePartReader"/> from its <paramref name="headers"/> (the reader's
    /// list, valid until its next read), or null when the lean reading would decline it (see <see cref="TryLean"/>).
    /// </summary>
    public static ParsedMail? TrySingle(List<Header> headers, SingleTextPart single, ParserOptions options, RawBodies raw)
    {
        if (Addresses(headers, options) is not { } parties)
        {
            return null;
        }

        return new ParsedMail(null, null, headers, null, single, First(headers, HeaderId.Subject), parties.From, parties.Recipients, raw, []);
    }

    /// <summary>From, and To, Cc and Bcc, each field parsed by MimeKit's address-list parser; null when there is no From or a list is refused.</summary>
    private static (InternetAddressList From, InternetAddressList[] Recipients)? Addresses<T>(T headers, ParserOptions options)
        where T : IList<Header>
    {
        // A field of each kind usually appears once: its parsed list is then the list itself, not copied into another.
        InternetAddressList? from = null, to = null, cc = null, bcc = null;
        var sawFrom = false;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var id = header.Id;
            if (id is not (HeaderId.From or HeaderId.To or HeaderId.Cc or HeaderId.Bcc))
            {
                continue;
            }

            sawFrom |= id == HeaderId.From;
            var value = header.RawValue;
            if (value.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            {
                continue;
            }

            if (!InternetAddressList.TryParse(options, value, 0, value.Length, out var parsed))
            {
                return null;
            }

            switch (id)
            {
                case HeaderId.From:
                    Append(ref from, parsed);
                    break;
                case HeaderId.To:
                    Append(ref to, parsed);
                    break;
                case HeaderId.Cc:
                    Append(ref cc, parsed);
                    break;
                default:
                    Append(ref bcc, parsed);
                    break;
            }
        }

        return sawFrom ? (from ?? [], [to ?? [], cc ?? [], bcc ?? []]) : null;
    }

    private static void Append(ref InternetAddressList? list, InternetAddressList parsed)
    {
        if (list is null)
        {
            list = parsed;
        }
        else
        {
            list.AddRange(parsed);
        }
    }

    public void Dispose() => _owner?.Dispose();
}
