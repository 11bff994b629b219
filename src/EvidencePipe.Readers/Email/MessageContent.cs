using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Encodings;
using MimeKit.IO;

namespace EvidencePipe.Readers.Email;

/// <summary>An attachment as found in a message: decoded name, media type, decoded size and SHA-256.</summary>
public sealed record MimeAttachment(string? Name, string MediaType, long Size, string Sha256, bool IsTextual);

/// <summary>
/// What an examiner reads in a message parsed by MimeKit: the body text (the first text/plain leaf
/// that is not an attachment — the rule of CPython's <c>get_body(('plain','html'))</c> — else the
/// first text/html converted to text), other inline text, the text of textual attachments and
/// forwarded messages, and every attachment hashed. Embedded messages are one attachment each (their
/// bytes hashed); their own text is appended after the body so it can be searched. A multipart whose
/// boundary is missing or never occurs has no parts in MimeKit (its bytes are the preamble): it is
/// read as one text/plain leaf, as RFC 2046 §5.1.1's robustness note and the previous parser did.
/// </summary>
public sealed class MessageContent
{
    /// <summary>Text taken from any one attachment or inline part is capped, so a huge log file cannot flood the index.</summary>
    public const int MaxPartText = 256 * 1024;

    private const int MaxRetainedScratch = 16 * 1024 * 1024;

    [ThreadStatic]
    private static MemoryStream? _scratch;

    /// <summary>Quoted-printable text before its transport whitespace is removed (<see cref="DecodeQuotedPrintable"/>).</summary>
    [ThreadStatic]
    private static MemoryStream? _encoded;

    private MessageContent(string? text, IReadOnlyList<MimeAttachment> attachments)
    {
        Text = text;
        Attachments = attachments;
    }

    public string? Text { get; }

    public IReadOnlyList<MimeAttachment> Attachments { get; }

    /// <summary>Nesting (multiparts and embedded messages together) read before the rest is left unparsed; MimeKit is given the same limit.</summary>
    public const int MaxDepth = 32;

    /// <summary>Reported once per message: unclosed multiparts nest, and one line says what happened.</summary>
    private const string NeverClosed = " is never closed: the last part runs to the end";

    internal static MessageContent Extract(MimeEntity? body, RawBodies raw, ICollection<string> problems) => Extract(body, raw, problems, 0);

    /// <summary>
    /// What <see cref="Extract"/> gives for a message that is one unnamed, inline text/plain or text/html part
    /// (<see cref="SinglePartReader"/>): that part's decoded text is the whole text (null when empty), and there is
    /// no attachment.
    /// </summary>
    internal static MessageContent SingleText(ReadOnlySpan<byte> content, SingleTextPart part, ICollection<string> problems)
    {
        var scratch = Scratch();
        scratch.SetLength(0);
        if (part.Encoding == ContentEncoding.QuotedPrintable)
        {
            var encoded = Encoded();
            encoded.Write(content);
            DecodeQuotedPrintable(encoded, scratch);
        }
        else
        {
            scratch.Write(content);
        }

        var text = DecodeText(scratch.GetBuffer().AsSpan(0, (int)scratch.Length), part.Charset, problems);
        if (part.Html)
        {
            text = HtmlText.ToText(text);
        }

        return new MessageContent(text.Length == 0 ? null : text, []);
    }

    /// <summary>One decode buffer per thread, reused: big attachments would otherwise churn the large-object heap.</summary>
    private static MemoryStream Scratch()
    {
        var scratch = _scratch ??= new MemoryStream(64 * 1024);
        if (scratch.Capacity > MaxRetainedScratch)
        {
            scratch = _scratch = new MemoryStream(64 * 1024);
        }

        return scratch;
    }

    /// <summary>The per-thread buffer of quoted-printable text before its transport whitespace is removed, emptied.</summary>
    private static MemoryStream Encoded()
    {
        var encoded = _encoded ??= new MemoryStream(64 * 1024);
        if (encoded.Capacity > MaxRetainedScratch)
        {
            encoded = _encoded = new MemoryStream(64 * 1024);
        }

        encoded.SetLength(0);
        return encoded;
    }

    private static MessageContent Extract(MimeEntity? root, RawBodies raw, ICollection<string> problems, int depth)
    {
        var leaves = new List<MimeEntity>();
        if (root is not null)
        {
            CollectLeaves(root, leaves, problems, depth);
        }

        // Each leaf's media type and inline-ness once: reading them walks the part's header list.
        var kinds = new LeafKind[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            kinds[i] = KindOf(leaves[i]);
        }

        var bodyIndex = Array.IndexOf(kinds, LeafKind.InlinePlain);
        if (bodyIndex < 0)
        {
            bodyIndex = Array.IndexOf(kinds, LeafKind.InlineHtml);
        }

        var body = bodyIndex < 0 ? null : leaves[bodyIndex];
        var text = new TextSections();
        var attachments = new List<MimeAttachment>();
        var scratch = Scratch();

        if (body is not null)
        {
            text.Append(TextOf(body, kinds[bodyIndex] == LeafKind.InlineHtml, raw, scratch, problems));
        }

        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            var name = FileName(leaf, problems);
            if (ReferenceEquals(leaf, body) && name is null)
            {
                continue;
            }

            if (name is null && kinds[i] == LeafKind.InlinePlain)
            {
                AppendSection(text, null, Cap(TextOf(leaf, html: false, raw, scratch, problems)));
                continue;
            }

            if (name is null && kinds[i] == LeafKind.InlineHtml)
            {
                if (body is not null && kinds[bodyIndex] != LeafKind.InlinePlain)
                {
                    AppendSection(text, null, Cap(TextOf(leaf, html: true, raw, scratch, problems)));
                }

                continue; // else the html alternative of the plain body already read
            }

            Decoded(leaf, raw, scratch);
            var bytes = scratch.GetBuffer().AsSpan(0, (int)scratch.Length);
            var media = MediaType(leaf);
            var embedded = leaf as MessagePart;
            var textual = media.StartsWith("text/", StringComparison.Ordinal) || embedded is not null;
            attachments.Add(new MimeAttachment(name, DeclaredType(leaf), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), textual));
            if (ReferenceEquals(leaf, body))
            {
                continue; // a named body part: its text is the body already, the file is recorded too
            }

            if (embedded is not null)
            {
                if (depth + 1 >= MaxDepth && embedded.Message is not null)
                {
                    problems.Add($"message nested deeper than {MaxDepth} levels: kept unparsed");
                }

                var inner = depth + 1 < MaxDepth && embedded.Message is { } message ? Extract(message.Body, raw, problems, depth + 1) : null;
                var subject = embedded.Message?.Subject;
                AppendSection(text, "[attached message" + (subject is null ? "]" : ": " + subject + "]"), Cap(inner?.Text));
            }
            else if (textual)
            {
                AppendSection(text, "[attachment" + (name is null ? "]" : ": " + name + "]"), Cap(DecodeText(bytes, leaf, problems)));
            }
        }

        return new MessageContent(text.ToText(), attachments);
    }

    private static void CollectLeaves(MimeEntity entity, List<MimeEntity> leaves, ICollection<string> problems, int depth)
    {
        if (entity is Multipart multipart)
        {
            if (multipart.Count > 0 && multipart.Epilogue is null && !problems.Any(p => p.EndsWith(NeverClosed, StringComparison.Ordinal)))
            {
                // No close delimiter (RFC 2046 §5.1.1): MimeKit ran the last part to the end, as the previous parser did.
                problems.Add($"{MediaType(entity)} boundary \"{multipart.Boundary}\"{NeverClosed}");
            }

            if (IsOpaque(entity))
            {
                if (string.IsNullOrWhiteSpace(multipart.Preamble))
                {
                    return; // an empty undivided multipart holds nothing to read
                }

                problems.Add($"{MediaType(entity)} has no parts (boundary missing or never found): its body is read as one text part");
                leaves.Add(entity);
                return;
            }

            foreach (var child in multipart)
            {
                CollectLeaves(child, leaves, problems, depth + 1);
            }

            return;
        }

        if (entity is not (Multipart or MessagePart) && entity.ContentType.MediaType.Equals("multipart", StringComparison.OrdinalIgnoreCase))
        {
            // MimeKit hands a multipart past its depth limit over as one opaque part.
            problems.Add($"nesting deeper than {MaxDepth} levels: the rest is kept unparsed");
        }

        leaves.Add(entity);
    }

    /// <summary>
    /// A multipart MimeKit could not divide: no part and no epilogue means no delimiter line was found
    /// (missing boundary parameter, or a boundary that never occurs), so the whole body is its preamble.
    /// </summary>
    private static bool IsOpaque(MimeEntity entity) => entity is Multipart { Count: 0, Epilogue: null };

    /// <summary><c>type/subtype</c> in lower case, as read; an undivided multipart reads as text/plain.</summary>
    private static string MediaType(MimeEntity entity) => IsOpaque(entity) ? "text/plain" : DeclaredType(entity);

    /// <summary>
    /// The Content-Type's <c>type/subtype</c> in lower case. RFC 2045 §5.2: a syntactically invalid
    /// Content-Type (no '/': "application-x-gzip") is treated as text/plain; MimeKit reads it as
    /// application/octet-stream instead, so the header is checked here.
    /// </summary>
    private static string DeclaredType(MimeEntity entity) => DeclaredType(entity.ContentType, entity.Headers[HeaderId.ContentType]);

    /// <summary><see cref="DeclaredType(MimeEntity)"/> from the parsed Content-Type and the first Content-Type field's value.</summary>
    internal static string DeclaredType(ContentType type, string? header)
    {
        var declared = type.MimeType.ToLowerInvariant();
        if (header is not null)
        {
            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var value = (semicolon < 0 ? header.AsSpan() : header.AsSpan(0, semicolon)).Trim();
            var slash = value.IndexOf('/');
            if (slash <= 0 || slash == value.Length - 1)
            {
                return "text/plain";
            }
        }

        return declared;
    }

    /// <summary>Content-Disposition <c>filename</c>, else Content-Type <c>name</c> (RFC 2183 §2.3), decoded (RFC 2231/2047).</summary>
    private static string? FileName(MimeEntity entity, ICollection<string> problems)
    {
        if (!Utf7EncodedWords.TryPartFileName(entity, problems, out var name))
        {
            name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name;
        }

        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    /// <summary>Whether a leaf is a body candidate, and of which type.</summary>
    private enum LeafKind
    {
        Other,
        InlinePlain,
        InlineHtml,
    }

    /// <summary>A body candidate: text/plain or text/html not marked as an attachment (a name alone does not make one, as in CPython's is_attachment).</summary>
    private static LeafKind KindOf(MimeEntity leaf)
    {
        if (leaf is MessagePart)
        {
            return LeafKind.Other;
        }

        var kind = MediaType(leaf) switch
        {
            "text/plain" => LeafKind.InlinePlain,
            "text/html" => LeafKind.InlineHtml,
            _ => LeafKind.Other,
        };
        return kind != LeafKind.Other && string.Equals(leaf.ContentDisposition?.Disposition, ContentDisposition.Attachment, StringComparison.OrdinalIgnoreCase)
            ? LeafKind.Other
            : kind;
    }

    private static string TextOf(MimeEntity leaf, bool html, RawBodies raw, MemoryStream scratch, ICollection<string> problems)
    {
        if (leaf is Multipart { Preamble: var preamble })
        {
            // MimeKit already decoded the undivided body (UTF-8 when valid, else the parser's fallback charset).
            return preamble is null ? string.Empty : preamble.ReplaceLineEndings("\n");
        }

        Decoded(leaf, raw, scratch);
        var text = DecodeText(scratch.GetBuffer().AsSpan(0, (int)scratch.Length), leaf, problems);
        return html ? HtmlText.ToText(text) : text;
    }

    /// <summary>The leaf's content with its transfer encoding undone (RFC 2045 §6); an embedded message as its bytes.</summary>
    private static void Decoded(MimeEntity leaf, RawBodies raw, MemoryStream scratch)
    {
        scratch.SetLength(0);
        switch (leaf)
        {
            case MimePart { Content: { } content } when content.Encoding == ContentEncoding.QuotedPrintable:
                DecodeQuotedPrintable(content, raw, scratch);
                break;
            case MimePart { Content: { } content } when content.Encoding is not (ContentEncoding.Base64 or ContentEncoding.UUEncode) && TryContentBytes(content, raw, out var identity):
                // 7bit, 8bit, binary or none: the identity encoding (RFC 2045 §6.2), the bytes as they are.
                scratch.Write(identity);
                break;
            case MimePart { Content: { } content }:
                content.DecodeTo(scratch);
                break;
            case MessagePart part:
                var body = raw.Of(part);
                var encoding = MimeKit.Utils.MimeUtils.TryParse(part.Headers[HeaderId.ContentTransferEncoding]?.Trim(), out ContentEncoding parsed) ? parsed : ContentEncoding.Default;
                if (encoding is ContentEncoding.Base64 or ContentEncoding.QuotedPrintable or ContentEncoding.UUEncode)
                {
                    // The embedded message was itself transfer-encoded: its decoded bytes are the message.
                    using var encoded = new MemoryStream(body.ToArray(), writable: false);
                    new MimeContent(encoded, encoding).DecodeTo(scratch);
                }
                else
                {
                    scratch.Write(body);
                }

                break;
            case Multipart multipart:
                // No parts: MimeKit kept the undivided body as the preamble.
                var preamble = multipart.Preamble ?? string.Empty;
                scratch.Write(Encoding.UTF8.GetBytes(preamble));
                break;
        }
    }

    /// <summary>
    /// RFC 2045 §6.7 rule 3: whitespace at the end of a quoted-printable line was added in transport
    /// and must be deleted when decoding (a real trailing space is sent as <c>=20</c>). MimeKit's
    /// decoder keeps it, so it is removed from the encoded lines first.
    /// </summary>
    private static void DecodeQuotedPrintable(IMimeContent content, RawBodies raw, MemoryStream scratch)
    {
        // The encoded bytes go to a second per-thread buffer and are trimmed in place (a line never grows).
        var encoded = Encoded();
        if (TryContentBytes(content, raw, out var slice))
        {
            encoded.Write(slice);
        }
        else if (content.Stream is { } stream)
        {
            stream.Position = 0;
            stream.CopyTo(encoded);
        }
        else
        {
            return;
        }

        DecodeQuotedPrintable(encoded, scratch);
    }

    /// <summary>Decodes the quoted-printable text in <paramref name="encoded"/> (trimmed in place) into <paramref name="scratch"/>.</summary>
    private static void DecodeQuotedPrintable(MemoryStream encoded, MemoryStream scratch)
    {
        var buffer = encoded.GetBuffer();
        var bytes = buffer.AsSpan(0, (int)encoded.Length);
        var n = 0;
        var lineStart = 0;
        while (lineStart < bytes.Length)
        {
            var lf = bytes[lineStart..].IndexOf((byte)'\n');
            var end = lf < 0 ? bytes.Length : lineStart + lf;
            var lineEnd = end > lineStart && bytes[end - 1] == (byte)'\r' ? end - 1 : end;
            var line = bytes[lineStart..lineEnd].TrimEnd(" \t"u8);
            line.CopyTo(bytes[n..]);
            n += line.Length;
            if (lf >= 0)
            {
                bytes[lineEnd..(end + 1)].CopyTo(bytes[n..]);
                n += end + 1 - lineEnd;
            }

            lineStart = end + 1;
        }

        // MimeKit's quoted-printable body decoder (RFC 2045 §6.7; the one its DecoderFilter uses for this encoding),
        // over the whole content at once instead of through a filtered stream.
        var decoder = _quotedPrintable ??= new QuotedPrintableDecoder();
        decoder.Reset();
        scratch.SetLength(decoder.EstimateOutputLength(n));
        var written = decoder.Decode(buffer, 0, n, scratch.GetBuffer());
        scratch.SetLength(written);
    }

    [ThreadStatic]
    private static QuotedPrintableDecoder? _quotedPrintable;

    /// <summary>
    /// A part's content as it is in the message: the parser is persistent, so the content is a
    /// <see cref="BoundStream"/> over the message's own bytes, read here as a slice instead of copied through streams.
    /// </summary>
    private static bool TryContentBytes(IMimeContent content, RawBodies raw, out ReadOnlySpan<byte> bytes)
    {
        if (content.Stream is BoundStream { BaseStream: MemoryStream } bound && bound.StartBoundary >= 0)
        {
            var end = bound.EndBoundary < 0 ? raw.Bytes.Length : bound.EndBoundary;
            if (bound.StartBoundary <= end && end <= raw.Bytes.Length)
            {
                bytes = raw.Bytes.Span[(int)bound.StartBoundary..(int)end];
                return true;
            }
        }

        bytes = default;
        return false;
    }

    private static string DecodeText(ReadOnlySpan<byte> bytes, MimeEntity leaf, ICollection<string> problems) => DecodeText(bytes, leaf.ContentType.Charset, problems);

    private static string DecodeText(ReadOnlySpan<byte> bytes, string? charset, ICollection<string> problems)
    {
        var text = MailCharsets.Decode(bytes, charset, problems);
        return text.Contains('\r', StringComparison.Ordinal) ? text.ReplaceLineEndings("\n") : text;
    }

    private static string? Cap(string? text) => text is { Length: > MaxPartText } ? text[..MaxPartText] + "…" : text;

    private static void AppendSection(TextSections text, string? title, string? content)
    {
        if (string.IsNullOrWhiteSpace(content) && title is null)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append("\n\n");
        }

        if (title is not null)
        {
            text.Append(title);
            text.Append("\n");
        }

        text.Append(content);
    }

    /// <summary>
    /// The message's text as it is put together: most messages have only a body, and its string is then the
    /// text itself, not copied through a builder; a builder is started at the second piece.
    /// </summary>
    private sealed class TextSections
    {
        private string? _single;
        private StringBuilder? _builder;

        public int Length => _builder?.Length ?? _single?.Length ?? 0;

        public void Append(string? piece)
        {
            piece ??= string.Empty;
            if (_builder is not null)
            {
                _builder.Append(piece);
            }
            else if (_single is null)
            {
                _single = piece;
            }
            else
            {
                _builder = new StringBuilder(_single.Length + piece.Length + 256).Append(_single).Append(piece);
                _single = null;
            }
        }

        /// <summary>The text, or null when nothing (or only empty text) was appended.</summary>
        public string? ToText() => Length == 0 ? null : _builder?.ToString() ?? _single;
    }
}
