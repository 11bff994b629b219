namespace EvidencePipe.Mime;

/// <summary>
/// One node of a parsed message (RFC 2045 entity): its header fields, content type and, for a leaf,
/// where its still-encoded body lies in <see cref="Source"/>. A multipart has <see cref="Children"/>;
/// a <c>message/rfc822</c> part has the embedded message in <see cref="Embedded"/>. Bodies are
/// decoded on demand, so parsing a message with large attachments costs one scan of its bytes.
/// </summary>
public sealed class MimeEntity
{
    private readonly List<MimeEntity> _children = [];
    private HeaderParameters? _disposition;

    internal MimeEntity(ReadOnlyMemory<byte> source, long sourceOffset, HeaderList headers, HeaderParameters contentType, int depth)
    {
        Source = source;
        SourceOffset = sourceOffset;
        Headers = headers;
        ContentType = contentType;
        Depth = depth;
    }

    /// <summary>The bytes this entity's body ranges point into (the message, or a decoded embedded message).</summary>
    public ReadOnlyMemory<byte> Source { get; }

    /// <summary>Offset of <see cref="Source"/> in the outermost message; -1 inside a transfer-decoded embedded message.</summary>
    public long SourceOffset { get; }

    public HeaderList Headers { get; }

    /// <summary>The Content-Type, defaulted per RFC 2045 §5.2 / RFC 2046 §5.1.5 when absent or invalid.</summary>
    public HeaderParameters ContentType { get; }

    /// <summary><c>type/subtype</c>, lower case.</summary>
    public string MediaType => ContentType.Value;

    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.Ordinal) && !IsOpaque;

    /// <summary>A multipart that could not be split (no boundary, too deep) and is kept as a leaf.</summary>
    public bool IsOpaque { get; internal set; }

    public int Depth { get; }

    public IReadOnlyList<MimeEntity> Children => _children;

    public MimeEntity? Embedded { get; internal set; }

    /// <summary>Start and length of the (still transfer-encoded) body within <see cref="Source"/>.</summary>
    public int BodyStart { get; internal set; }

    public int BodyLength { get; internal set; }

    public ReadOnlySpan<byte> RawBody => Source.Span.Slice(BodyStart, BodyLength);

    public string TransferEncoding => TransferDecoding.Normalise(Headers["Content-Transfer-Encoding"]);

    public HeaderParameters Disposition => _disposition ??= HeaderParameters.Parse(Headers["Content-Disposition"]);

    /// <summary>The decoded file name: Content-Disposition <c>filename</c>, else Content-Type <c>name</c> (RFC 2183 §2.3).</summary>
    public string? FileName
    {
        get
        {
            var name = Disposition["filename"] ?? ContentType["name"];
            return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        }
    }

    public bool IsAttachmentDisposition => Disposition.Value == "attachment";

    public string? Charset => ContentType["charset"];

    internal void AddChild(MimeEntity child) => _children.Add(child);

    public override string ToString() => MediaType;
}
