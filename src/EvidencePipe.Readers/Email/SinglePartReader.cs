using MimeKit;
using MimeKit.Utils;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Reads the common message — one text/plain or text/html part, no Content-Disposition, no file name — with
/// MimeKit's streaming <see cref="MimeReader"/>, which hands over each header field and where the content lies
/// without building an entity: the entity's header list (a name table, a change handler per field) was a
/// quarter of the event builder's time and a fifth of the bytes it allocated per message. The header fields,
/// the Content-Type and the content bounds are MimeKit's own (the same header and Content-Type parsing as
/// <see cref="MimeParser"/>). Anything else — a multipart, an embedded message, an attachment, base64, a header
/// block without its empty line, a field MimeKit cannot read — is declined and parsed by <see cref="MimeParser"/>
/// as before; <c>EmailEventBuilderTests</c> compares both readings with MimeKit's <see cref="MimeMessage"/> over
/// every email fixture and a generated mailbox. One reader per thread, reused (it holds its read buffers).
/// </summary>
internal sealed class SinglePartReader : MimeReader
{
    private readonly List<Header> _headers = new(32);
    private ContentType? _type;
    private bool _declined;
    private long _contentBegin;
    private long _contentEnd;
    private long _begin;
    private long _headersEnd;

    public SinglePartReader(ParserOptions options)
        : base(options, Stream.Null, MimeFormat.Entity)
    {
    }

    /// <summary>The top-level header fields of the message read last, in order (valid until the next read).</summary>
    public List<Header> Headers => _headers;

    /// <summary>
    /// Reads <paramref name="stream"/> (the message) and returns its single text part, or null when the message is
    /// not of the kind read here (see the type's summary); the stream is left where the reader stopped.
    /// </summary>
    public SingleTextPart? TryRead(MemoryStream stream, ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        _headers.Clear();
        _type = null;
        _declined = false;
        _contentBegin = _contentEnd = _begin = _headersEnd = -1;
        SetStream(stream, MimeFormat.Entity);
        try
        {
            ReadEntity(cancellationToken);
        }
        catch (FormatException)
        {
            return null; // no header at all, or the stream ended inside the header: MimeParser's reading decides
        }
        finally
        {
            SetStream(Stream.Null, MimeFormat.Entity);
        }

        if (_declined || _type is null || _contentBegin < 0 || _contentEnd < _contentBegin || _contentEnd > bytes.Length
            || HeaderTermination.FirstNonFieldLine(bytes, _begin, _headersEnd) >= 0)
        {
            return null;
        }

        return Classify(_type, _headers, (int)_contentBegin, (int)_contentEnd);
    }

    /// <summary>
    /// The part when <see cref="MessageContent"/> would read it as the message's only text and nothing else: a
    /// declared text/plain or text/html body (RFC 2045 §5.2's rule for a Content-Type without '/', as
    /// <see cref="MessageContent"/> applies it), no Content-Disposition (so it is not an attachment and has no file
    /// name there), no <c>name</c> parameter and no UTF-7 in the Content-Type (which would name a file), and an
    /// identity or quoted-printable transfer encoding (RFC 2045 §6).
    /// </summary>
    private static SingleTextPart? Classify(ContentType type, List<Header> headers, int contentBegin, int contentEnd)
    {
        Header? contentType = null, transferEncoding = null;
        foreach (var header in headers)
        {
            if (Is(header, HeaderId.ContentDisposition))
            {
                return null;
            }

            if (contentType is null && Is(header, HeaderId.ContentType))
            {
                contentType = header;
            }
            else if (transferEncoding is null && Is(header, HeaderId.ContentTransferEncoding))
            {
                transferEncoding = header;
            }
        }

        if (type.MediaType.Equals("multipart", StringComparison.OrdinalIgnoreCase) || type.Parameters.Contains("name"))
        {
            return null;
        }

        if (contentType is not null && Utf7EncodedWords.MayHoldUtf7(contentType.RawValue))
        {
            return null;
        }

        var html = MessageContent.DeclaredType(type, contentType is null ? null : ParsedMail.ValueOf(contentType)) switch
        {
            "text/plain" => false,
            "text/html" => true,
            _ => (bool?)null,
        };
        if (html is null)
        {
            return null;
        }

        // As MimePart.ContentTransferEncoding reads it: the first field's value, Default when it names no known encoding.
        var encoding = transferEncoding is not null && MimeUtils.TryParse(ParsedMail.ValueOf(transferEncoding), out ContentEncoding parsed) ? parsed : ContentEncoding.Default;

        if (encoding is ContentEncoding.Base64 or ContentEncoding.UUEncode)
        {
            return null;
        }

        return new SingleTextPart(contentBegin, contentEnd, encoding, type.Charset, html.Value);
    }

    /// <summary>The same test as <see cref="HeaderList"/>'s name table: the field name, ignoring case (MimeUtils.OrdinalIgnoreCase).</summary>
    internal static bool Is(Header header, HeaderId id) => string.Equals(header.Field, id.ToHeaderName(), StringComparison.OrdinalIgnoreCase);

    protected override void OnHeadersBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        if (_begin >= 0)
        {
            _declined = true; // a second header block: a part of a multipart or an embedded message
        }

        _begin = beginOffset;
    }

    protected override void OnHeaderRead(Header header, int beginLineNumber, CancellationToken cancellationToken)
    {
        if (header.RawValue.Length == 0)
        {
            // A line that is not a field (MimeReader keeps it as an invalid header with no value; MimeParser's
            // header parser does not), or a field cut off by the end of the message: left to MimeParser.
            _declined = true;
        }

        if (!_declined)
        {
            _headers.Add(header);
        }
    }

    protected override void OnMultipartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) => _declined = true;

    protected override void OnMessagePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) => _declined = true;

    protected override void OnMimePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) => _type ??= contentType;

    protected override void OnMimePartContentEnd(long beginOffset, int beginLineNumber, long endOffset, int lines, NewLineFormat? newLineFormat, CancellationToken cancellationToken)
    {
        _contentBegin = beginOffset;
        _contentEnd = endOffset;
    }

    /// <summary>The entity's begin and header end, as <see cref="MimeParser"/>'s MimeEntityEnd gives them (the unterminated-header check uses them).</summary>
    protected override void OnMimePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken)
    {
        _begin = beginOffset;
        _headersEnd = headersEndOffset;
    }
}

/// <summary>Where a single-part message's content lies in its bytes, its transfer encoding and charset, and whether it is HTML.</summary>
internal sealed record SingleTextPart(int ContentBegin, int ContentEnd, ContentEncoding Encoding, string? Charset, bool Html);
