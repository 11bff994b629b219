using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.Email;

/// <summary>
/// Reads a file holding one RFC 5322 message: an .eml, an extension-less message, or a maildir
/// <c>cur/</c>/<c>new/</c> file (whose name's delivery time is a last-resort date). One event, at
/// locator <c>message</c>.
/// </summary>
public sealed class EmlReader : IEvidenceReader
{
    public const string Locator = "message";

    public string Format => EmailFormats.Eml;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bytes = await MessageBytes.ReadAllAsync(source, context, Locator, cancellationToken).ConfigureAwait(false);
        if (bytes is not { } message)
        {
            yield break;
        }

        if (message.IsEmpty)
        {
            context.SkippedRecord(Locator, "the file is empty: no message");
            yield break;
        }

        var start = message.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var envelope = MaildirName.Envelope(source.FileName, context);
        if (EmailEventBuilder.Build(message[start..], envelope, context, Locator, cancellationToken) is { } evt)
        {
            yield return new EventRecord(evt);
        }
    }
}
