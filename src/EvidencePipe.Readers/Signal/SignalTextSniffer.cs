using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Signal;

/// <summary>
/// Recognises the Signal text export by its first non-empty line being a <c>[YYYY-MM-DD, HH:MM]
/// Sender: text</c> header. Register before the WhatsApp sniffer, which would otherwise take it.
/// </summary>
public sealed class SignalTextSniffer : IFormatSniffer
{
    public string Format => SignalTextReader.FormatName;

    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || TextSniffing.LooksBinary(head))
        {
            return false;
        }

        var text = TextSniffing.DecodeHead(head);
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).TrimEnd('\r');
            if (line.IsWhiteSpace())
            {
                continue;
            }

            var value = line.ToString();
            return SignalLine.Parse(value, out _) is { } header && SignalLine.Split(header.Body).Sender is not null;
        }

        return false;
    }
}
