using System.Buffers;
using System.Text;

namespace EvidencePipe.Mime;

/// <summary>
/// Parses one message's bytes into a <see cref="MimeEntity"/> tree (RFC 5322 header, RFC 2045/2046
/// bodies). Multiparts are split at their boundary lines (RFC 2046 §5.1.1: the CRLF before a
/// delimiter belongs to it; a delimiter is <c>--boundary</c> plus optional <c>--</c> and transport
/// whitespace); preamble and epilogue are skipped; a missing close delimiter ends the last part at
/// the end of the body. <c>message/rfc822</c> bodies are parsed as embedded messages. Nesting is
/// bounded by <see cref="MaxDepth"/> and the number of parts by <see cref="MaxParts"/>, so a hostile
/// message cannot recurse or fan out without limit. Never throws on bad input: it records problems.
/// </summary>
public sealed class MimeParser
{
    public const int DefaultMaxDepth = 32;
    public const int MaxParts = 10_000;

    private readonly MimeProblems _problems;
    private readonly int _maxDepth;
    private int _parts;

    private MimeParser(MimeProblems problems, int maxDepth)
    {
        _problems = problems;
        _maxDepth = maxDepth;
    }

    public static MimeEntity Parse(ReadOnlyMemory<byte> message, MimeProblems problems, int maxDepth = DefaultMaxDepth) =>
        new MimeParser(problems, maxDepth).ParseEntity(message, 0, 0, message.Length, "text/plain", 0);

    private MimeEntity ParseEntity(ReadOnlyMemory<byte> source, long sourceOffset, int start, int end, string defaultType, int depth)
    {
        _parts++;
        var span = source.Span;
        var headers = new HeaderList();
        var bodyStart = start + HeaderBlockParser.Parse(span[start..end], headers, _problems, Offset(sourceOffset, start));
        var contentType = ContentTypeOf(headers, defaultType, Offset(sourceOffset, start));
        var entity = new MimeEntity(source, sourceOffset, headers, contentType, depth)
        {
            BodyStart = bodyStart,
            BodyLength = end - bodyStart,
        };

        var media = contentType.Value;
        if (media.StartsWith("multipart/", StringComparison.Ordinal))
        {
            SplitMultipart(entity, media == "multipart/digest" ? "message/rfc822" : "text/plain");
        }
        else if (media is "message/rfc822" or "message/global" or "message/news")
        {
            ParseEmbedded(entity);
        }

        return entity;
    }

    private void SplitMultipart(MimeEntity entity, string childDefault)
    {
        var offset = Offset(entity.SourceOffset, entity.BodyStart);
        var boundary = entity.ContentType["boundary"];
        if (boundary is null)
        {
            _problems.Add(offset, $"{entity.MediaType} has no boundary parameter: its body is kept as one text part");
            entity.IsOpaque = true;
            return;
        }

        if (entity.Depth >= _maxDepth)
        {
            _problems.Add(offset, $"nesting deeper than {_maxDepth} levels: the rest is kept unparsed");
            entity.IsOpaque = true;
            return;
        }

        var delimiter = Encoding.UTF8.GetBytes("--" + boundary.TrimEnd());
        var span = entity.Source.Span;
        var bodyEnd = entity.BodyStart + entity.BodyLength;
        var pos = entity.BodyStart;
        var partStart = -1;
        var closed = false;
        var found = 0;
        while (pos < bodyEnd)
        {
            var idx = span[pos..bodyEnd].IndexOf(delimiter);
            if (idx < 0)
            {
                break;
            }

            var at = pos + idx;
            if ((at != entity.BodyStart && span[at - 1] != (byte)'\n') || !IsDelimiterLine(span[..bodyEnd], at + delimiter.Length, out var isClose, out var next))
            {
                pos = at + 1;
                continue;
            }

            found++;
            if (partStart >= 0)
            {
                AddPart(entity, partStart, TrimLineBreak(span, partStart, at), childDefault);
            }

            if (isClose)
            {
                closed = true;
                break;
            }

            if (_parts >= MaxParts)
            {
                _problems.Add(Offset(entity.SourceOffset, at), $"more than {MaxParts} parts: the rest of the message is not split");
                return;
            }

            partStart = next;
            pos = next;
        }

        if (found == 0)
        {
            _problems.Add(offset, $"{entity.MediaType} boundary \"{boundary}\" never occurs: its body is kept as one text part");
            entity.IsOpaque = true;
            return;
        }

        if (!closed)
        {
            if (partStart >= 0 && partStart < bodyEnd)
            {
                AddPart(entity, partStart, bodyEnd, childDefault);
            }

            // Recorded after the part, so the innermost (usually the cause) comes first.
            _problems.Add(Offset(entity.SourceOffset, bodyEnd), $"{entity.MediaType} boundary \"{boundary}\" is never closed: the last part runs to the end");
        }
    }

    private void AddPart(MimeEntity parent, int start, int end, string defaultType)
    {
        if (end < start)
        {
            end = start;
        }

        parent.AddChild(ParseEntity(parent.Source, parent.SourceOffset, start, end, defaultType, parent.Depth + 1));
    }

    private void ParseEmbedded(MimeEntity entity)
    {
        if (entity.Depth >= _maxDepth)
        {
            _problems.Add(Offset(entity.SourceOffset, entity.BodyStart), $"message nested deeper than {_maxDepth} levels: kept unparsed");
            return;
        }

        var encoding = entity.TransferEncoding;
        if (encoding is "base64" or "quoted-printable" or "x-uuencode" or "uuencode")
        {
            // The embedded message itself was transfer-encoded: decode, then parse the copy.
            var decoded = new ArrayBufferWriter<byte>(Math.Max(16, entity.BodyLength));
            TransferDecoding.Decode(entity.RawBody, encoding, decoded, _problems, Offset(entity.SourceOffset, entity.BodyStart));
            var bytes = decoded.WrittenMemory;
            entity.Embedded = ParseEntity(bytes, -1, 0, bytes.Length, "text/plain", entity.Depth + 1);
            return;
        }

        entity.Embedded = ParseEntity(entity.Source, entity.SourceOffset, entity.BodyStart, entity.BodyStart + entity.BodyLength, "text/plain", entity.Depth + 1);
    }

    /// <summary>After <c>--boundary</c>: optional <c>--</c>, transport whitespace, then the line end.</summary>
    private static bool IsDelimiterLine(ReadOnlySpan<byte> span, int pos, out bool isClose, out int next)
    {
        isClose = pos + 1 < span.Length && span[pos] == (byte)'-' && span[pos + 1] == (byte)'-';
        var k = isClose ? pos + 2 : pos;
        while (k < span.Length && span[k] is (byte)' ' or (byte)'\t')
        {
            k++;
        }

        if (k < span.Length && span[k] == (byte)'\r')
        {
            k++;
        }

        if (k >= span.Length)
        {
            next = span.Length;
            return true;
        }

        next = k + 1;
        return span[k] == (byte)'\n';
    }

    /// <summary>The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).</summary>
    private static int TrimLineBreak(ReadOnlySpan<byte> span, int start, int end)
    {
        if (end > start && span[end - 1] == (byte)'\n')
        {
            end--;
            if (end > start && span[end - 1] == (byte)'\r')
            {
                end--;
            }
        }

        return end;
    }

    private HeaderParameters ContentTypeOf(HeaderList headers, string defaultType, long offset)
    {
        var raw = headers["Content-Type"];
        if (raw is null)
        {
            return HeaderParameters.Parse(defaultType);
        }

        var parsed = HeaderParameters.Parse(raw, _problems, offset);
        var value = parsed.Value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\t", string.Empty, StringComparison.Ordinal);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < value.Length - 1)
        {
            return value == parsed.Value ? parsed : parsed.WithValue(value);
        }

        // RFC 2045 §5.2: an invalid Content-Type is treated as text/plain (keeping its charset).
        var repaired = value == "text" ? "text/plain" : defaultType;
        _problems.Add(offset, $"invalid Content-Type '{raw}': read as {repaired}");
        return parsed.WithValue(repaired);
    }

    private static long Offset(long sourceOffset, int position) => sourceOffset < 0 ? -1 : sourceOffset + position;
}
