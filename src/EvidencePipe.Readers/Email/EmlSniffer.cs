using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Recognises a single RFC 5322 message (.eml, an extension-less file, a maildir message) by its
/// first lines: header fields, at least one of which is a field real mail carries.
/// </summary>
public sealed class EmlSniffer : IFormatSniffer
{
    public string Format => EmailFormats.Eml;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        head = HeaderSniffing.SkipBom(head);
        return !TextSniffing.LooksBinary(head) && HeaderSniffing.LooksLikeHeader(head);
    }
}
