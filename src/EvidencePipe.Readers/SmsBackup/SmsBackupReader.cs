using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Reads an SBR message backup (<c>&lt;smses&gt;</c>): SMS and MMS become message events, streamed
/// with XmlReader one record at a time. Locators are <c>sms[i] line L</c> / <c>mms[i] line L</c>
/// (1-based ordinal of that element in the file, line of its start tag).
/// </summary>
public sealed class SmsBackupReader : IEvidenceReader
{
    public string Format => SmsBackupFormats.Messages;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var identifiers = new SbrIdentifiers(context);
        using var walker = SbrDocumentWalker.Open(source, context, SmsBackupFormats.MessagesRoot, new SmsRecordParser(identifiers), new MmsRecordParser(identifiers));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = walker.Next(cancellationToken);
            if (step.Event is not null)
            {
                yield return new EventRecord(step.Event);
            }

            if (step.Done)
            {
                yield break;
            }
        }
    }
}
