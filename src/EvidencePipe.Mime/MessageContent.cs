using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace EvidencePipe.Mime;

/// <summary>An attachment as found in a message: decoded name, media type, decoded size and SHA-256.</summary>
public sealed record MimeAttachment(string? Name, string MediaType, long Size, string Sha256, bool IsTextual);

/// <summary>
/// What an examiner reads in a message: the body text (the first text/plain part that is not an
/// attachment — the rule of CPython's <c>get_body(('plain','html'))</c> — else the first text/html
/// converted to text), other inline text, the text of textual attachments and forwarded messages,
/// and every attachment hashed. Embedded messages are one attachment each (their raw bytes hashed);
/// their own text is appended after the body so it can be searched.
/// </summary>
public sealed class MessageContent
{
    /// <summary>Text taken from any one attachment or inline part is capped, so a huge log file cannot flood the index.</summary>
    public const int MaxPartText = 256 * 1024;

    private const int MaxRetainedScratch = 16 * 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    private MessageContent(string? text, IReadOnlyList<MimeAttachment> attachments)
    {
        Text = text;
        Attachments = attachments;
    }

    public string? Text { get; }

    public IReadOnlyList<MimeAttachment> Attachments { get; }

    public static MessageContent Extract(MimeEntity message, MimeProblems problems)
    {
        var leaves = new List<MimeEntity>();
        CollectLeaves(message, leaves);
        var body = leaves.FirstOrDefault(l => IsInlineText(l, "text/plain")) ?? leaves.FirstOrDefault(l => IsInlineText(l, "text/html"));
        var text = new StringBuilder();
        var attachments = new List<MimeAttachment>();
        // One decode buffer per thread, reused: big attachments would otherwise churn the large-object heap.
        var scratch = _scratch ??= new ArrayBufferWriter<byte>(64 * 1024);
        if (scratch.Capacity > MaxRetainedScratch)
        {
            scratch = _scratch = new ArrayBufferWriter<byte>(64 * 1024);
        }
        if (body is not null)
        {
            text.Append(TextOf(body, scratch, problems));
        }

        foreach (var leaf in leaves)
        {
            if (ReferenceEquals(leaf, body) && leaf.FileName is null)
            {
                continue;
            }

            if (leaf.FileName is null && IsInlineText(leaf, "text/plain"))
            {
                AppendSection(text, null, Cap(TextOf(leaf, scratch, problems)));
                continue;
            }

            if (leaf.FileName is null && IsInlineText(leaf, "text/html"))
            {
                if (body?.MediaType != "text/plain")
                {
                    AppendSection(text, null, Cap(TextOf(leaf, scratch, problems)));
                }

                continue; // else the html alternative of the plain body already read
            }

            scratch.Clear();
            TransferDecoding.Decode(leaf.RawBody, leaf.TransferEncoding, scratch, problems, Offset(leaf));
            var media = leaf.IsOpaque ? "text/plain" : leaf.MediaType;
            var textual = media.StartsWith("text/", StringComparison.Ordinal) || leaf.Embedded is not null;
            var name = leaf.FileName;
            attachments.Add(new MimeAttachment(name, leaf.MediaType, scratch.WrittenCount, Convert.ToHexStringLower(SHA256.HashData(scratch.WrittenSpan)), textual));
            if (ReferenceEquals(leaf, body))
            {
                continue; // a named body part: its text is the body already, the file is recorded too
            }
            if (leaf.Embedded is not null)
            {
                var inner = Extract(leaf.Embedded, problems);
                var subject = leaf.Embedded.Headers["Subject"];
                AppendSection(text, "[attached message" + (subject is null ? "]" : ": " + EncodedWords.Decode(subject) + "]"), Cap(inner.Text));
            }
            else if (textual)
            {
                AppendSection(text, "[attachment" + (name is null ? "]" : ": " + name + "]"), Cap(DecodeText(scratch.WrittenSpan, leaf, problems)));
            }
        }

        return new MessageContent(text.Length == 0 ? null : text.ToString(), attachments);
    }

    private static void CollectLeaves(MimeEntity entity, List<MimeEntity> leaves)
    {
        if (entity.IsMultipart)
        {
            foreach (var child in entity.Children)
            {
                CollectLeaves(child, leaves);
            }

            return;
        }

        leaves.Add(entity);
    }

    /// <summary>A body candidate: of the type and not marked as an attachment (a name alone does not make one, as in CPython's is_attachment).</summary>
    private static bool IsInlineText(MimeEntity leaf, string mediaType) =>
        (leaf.MediaType == mediaType || (leaf.IsOpaque && mediaType == "text/plain")) && !leaf.IsAttachmentDisposition;

    private static string TextOf(MimeEntity leaf, ArrayBufferWriter<byte> scratch, MimeProblems problems)
    {
        scratch.Clear();
        TransferDecoding.Decode(leaf.RawBody, leaf.IsOpaque ? null : leaf.TransferEncoding, scratch, problems, Offset(leaf));
        var text = DecodeText(scratch.WrittenSpan, leaf, problems);
        return leaf.MediaType == "text/html" ? HtmlText.ToText(text) : text;
    }

    private static string DecodeText(ReadOnlySpan<byte> bytes, MimeEntity leaf, MimeProblems problems)
    {
        var text = leaf.Charset is null ? Charsets.DecodeUnlabelled(bytes) : Charsets.Decode(bytes, leaf.Charset, problems, Offset(leaf));
        return text.Contains('\r', StringComparison.Ordinal) ? text.ReplaceLineEndings("\n") : text;
    }

    private static string? Cap(string? text) => text is { Length: > MaxPartText } ? text[..MaxPartText] + "…" : text;

    private static void AppendSection(StringBuilder text, string? title, string? content)
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
            text.Append(title).Append('\n');
        }

        text.Append(content);
    }

    private static long Offset(MimeEntity leaf) => leaf.SourceOffset < 0 ? -1 : leaf.SourceOffset + leaf.BodyStart;
}
