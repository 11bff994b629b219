using EvidencePipe.Reading;

namespace EvidencePipe.Readers.VCard;

/// <summary>
/// Recognises a vCard file (2.1, 3.0 or 4.0) by its first non-blank line being <c>BEGIN:VCARD</c>
/// (RFC 6350 §6.1.1; property names are case-insensitive, §3.3 — RFC 2426's own example writes
/// <c>BEGIN:vCard</c>).
/// </summary>
public sealed class VCardSniffer : IFormatSniffer
{
    public string Format => VCardReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (TextSniffing.LooksBinary(head))
        {
            return false;
        }

        // TextSniffing.DecodeHead's BOM check compares against the UTF-8 encoding of U+00EF U+00BB U+00BF,
        // not the bytes EF BB BF, so a real BOM survives decoding as U+FEFF: trim it here.
        var text = TextSniffing.DecodeHead(head).AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart();
        var end = text.IndexOfAny('\r', '\n');
        var first = (end < 0 ? text : text[..end]).TrimEnd();
        return first.Equals("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase);
    }
}
