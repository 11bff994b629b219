using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>Recognises Apple Mail .emlx: a first line holding only the message's byte count, then a message header.</summary>
public sealed class EmlxSniffer : IFormatSniffer
{
    public string Format => EmailFormats.Emlx;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        var first = HeaderSniffing.Line(head, 0, out var next);
        return EmlxReader.TryByteCount(first, out _) && next < head.Length && HeaderSniffing.LooksLikeHeader(head[next..]);
    }
}
