using System.Text;

namespace EvidencePipe.Synthesis;

/// <summary>
/// Appends messages to a Unix mailbox in the mboxrd dialect (RFC 4155 and its Appendix; mbox(5)):
/// each message is preceded by a From_ line <c>From envelope-sender asctime-UTC</c> and followed by
/// an empty line, and every message line matching <c>^&gt;*From </c> gets one more leading '&gt;' —
/// unlike mboxo, mboxrd quoting is reversible, so a reader that strips one '&gt;' recovers the
/// message exactly. Lines end in LF, the local convention RFC 4155 §2 asks for. Streams: nothing
/// but the current message is held.
/// </summary>
public sealed class MboxWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public MboxWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
    }

    public int Count { get; private set; }

    /// <summary>
    /// Writes one message. <paramref name="message"/> is the RFC 5322 message (header fields, an
    /// empty line, the body) with LF line breaks; <paramref name="envelopeSender"/> an addr-spec;
    /// <paramref name="received"/> when the mailbox received it (written in UTC, RFC 4155 §2).
    /// </summary>
    public void Write(string envelopeSender, DateTimeOffset received, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _writer.Write("From ");
        _writer.Write(envelopeSender);
        _writer.Write(' ');
        _writer.Write(MailEncoding.AscTime(received));
        _writer.Write('\n');
        var text = message.AsSpan();
        if (text.EndsWith("\n"))
        {
            text = text[..^1];
        }

        foreach (var range in text.Split('\n'))
        {
            var line = text[range];
            if (NeedsQuoting(line))
            {
                _writer.Write('>');
            }

            _writer.Write(line);
            _writer.Write('\n');
        }

        // The empty line that ends every message in an mbox (RFC 4155 §2); readers drop it.
        _writer.Write('\n');
        Count++;
    }

    /// <summary>The mboxrd rule: a line that is any number of '&gt;' (zero included) followed by "From ".</summary>
    public static bool NeedsQuoting(ReadOnlySpan<char> line) => line.TrimStart('>').StartsWith("From ", StringComparison.Ordinal);

    public void Dispose() => _writer.Dispose();
}
