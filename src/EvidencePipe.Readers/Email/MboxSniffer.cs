using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>Recognises a Unix mailbox: a <c>From_</c> separator line followed by a message header.</summary>
public sealed class MboxSniffer : IFormatSniffer
{
    public string Format => EmailFormats.Mbox;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        head = HeaderSniffing.SkipBom(head);
        var first = HeaderSniffing.Line(head, 0, out var next);
        return HeaderSniffing.IsFromLine(first) && next < head.Length && HeaderSniffing.LooksLikeHeader(head[next..]);
    }
}
