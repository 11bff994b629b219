using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Reads an SBR call-log backup (<c>&lt;calls&gt;</c>): each <c>&lt;call&gt;</c> becomes a call
/// event (voicemail entries on the voicemail channel). Locators are <c>call[i] line L</c>.
/// </summary>
public sealed class SmsBackupCallsReader : IEvidenceReader
{
    public string Format => SmsBackupFormats.Calls;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var walker = SbrDocumentWalker.Open(source, context, SmsBackupFormats.CallsRoot, new CallRecordParser(new SbrIdentifiers(context)));
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
