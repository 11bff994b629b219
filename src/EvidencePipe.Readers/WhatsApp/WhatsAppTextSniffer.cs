using EvidencePipe.Reading;

namespace EvidencePipe.Readers.WhatsApp;

/// <summary>
/// Recognises a WhatsApp chat export by its content: one of the first few non-empty lines must be a
/// message header with a real date and time (see <see cref="ChatHeaderParser"/>). SMS XML, vCards and
/// mbox files start with <c>&lt;?xml</c>, <c>BEGIN:VCARD</c> and <c>From </c>, none of which is a header.
/// </summary>
public sealed class WhatsAppTextSniffer : IFormatSniffer
{
    // Exports start with a header (or an encryption notice header); a little slack for blank lines
    // or a stray first line, but not so much that a document quoting a chat is taken for one.
    private const int LinesToTry = 5;

    public string Format => WhatsAppTextReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || TextSniffing.LooksBinary(head))
        {
            return false;
        }

        var text = TextSniffing.DecodeHead(head);
        var tried = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).TrimEnd('\r');
            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (ChatHeaderParser.Parse(WhatsAppText.Clean(line.ToString())).Kind == HeaderKind.Valid)
            {
                return true;
            }

            if (++tried >= LinesToTry)
            {
                break;
            }
        }

        return false;
    }
}
