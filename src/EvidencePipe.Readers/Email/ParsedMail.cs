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
    private readonly IDisposable _owner;

    private ParsedMail(IDisposable owner, HeaderList headers, MimeEntity? body, string? subject, IEnumerable<MailboxAddress> from, InternetAddressList[] recipients, RawBodies raw, IReadOnlyList<long> unterminated)
    {
        _owner = owner;
        Headers = headers;
        Body = body;
        Subject = subject;
        From = from;
        Recipients = recipients;
        Raw = raw;
        Unterminated = unterminated;
    }

    /// <summary>The top-level header fields (with the lean reading, the Content-* fields too; none of those is read from here).</summary>
    public HeaderList Headers { get; }

    public MimeEntity? Body { get; }

    /// <summary>The decoded Subject (RFC 2047), the first Subject field's value.</summary>
    public string? Subject { get; }

    /// <summary>The From mailboxes; with no From field, the Sender (RFC 5322 §3.6.2).</summary>
    public IEnumerable<MailboxAddress> From { get; }

    /// <summary>To, Cc and Bcc, in that order.</summary>
    public IReadOnlyList<InternetAddressList> Recipients { get; }

    /// <summary>The message's bytes and where each embedded message's body lies in them.</summary>
    public RawBodies Raw { get; }

    /// <summary>Offsets of header blocks that ended without their empty line (<see cref="HeaderTermination"/>).</summary>
    public IReadOnlyList<long> Unterminated { get; }

    public static ParsedMail Of(MimeMessage message, RawBodies raw, IReadOnlyList<long> unterminated)
    {
        var headers = message.Headers;
        IEnumerable<MailboxAddress> from = headers.Contains(HeaderId.From) ? message.From.Mailboxes : message.Sender is { } sender ? [sender] : [];
        return new ParsedMail(message, headers, message.Body, message.Subject, from, [message.To, message.Cc, message.Bcc], raw, unterminated);
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
        InternetAddressList? from = null, to = null, cc = null, bcc = null;
        foreach (var header in headers)
        {
            var list = header.Id switch
            {
                HeaderId.From => from ??= [],
                HeaderId.To => to ??= [],
                HeaderId.Cc => cc ??= [],
                HeaderId.Bcc => bcc ??= [],
                _ => null,
            };
            if (list is null)
            {
                continue;
            }

            var value = header.RawValue;
            if (value.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            {
                continue;
            }

            if (!InternetAddressList.TryParse(options, value, 0, value.Length, out var parsed))
            {
                entity.Dispose();
                return null;
            }

            list.AddRange(parsed);
        }

        if (from is null)
        {
            entity.Dispose();
            return null;
        }

        return new ParsedMail(entity, headers, entity, headers[HeaderId.Subject], from.Mailboxes, [to ?? [], cc ?? [], bcc ?? []], raw, unterminated);
    }

    public void Dispose() => _owner.Dispose();
}
