using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>Streams the call events of a call-log backup of either layout (<see cref="CallLogLayout"/>).</summary>
internal static class CallLogWalk
{
    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, CallLogLayout layout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var walker = SbrDocumentWalker.Open(source, context, layout.Root, new CallRecordParser(new SbrIdentifiers(context), layout));
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
