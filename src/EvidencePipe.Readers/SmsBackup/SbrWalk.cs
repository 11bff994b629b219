using System.Runtime.CompilerServices;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Streams the events of a backup document through <see cref="SbrDocumentWalker"/>: messages
/// (<c>&lt;smses&gt;</c>) and call logs of either layout (<see cref="CallLogLayout"/>).
/// </summary>
internal static class SbrWalk
{
    public static IAsyncEnumerable<EvidenceRecord> CallsAsync(EvidenceSource source, ReadContext context, CallLogLayout layout, CancellationToken cancellationToken) =>
        ReadAsync(source, context, layout.Root, identifiers => [new CallRecordParser(identifiers, layout)], cancellationToken);

    public static async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, string root, Func<SbrIdentifiers, ISbrRecordParser[]> parsers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var walker = SbrDocumentWalker.Open(source, context, root, parsers(new SbrIdentifiers(context)));
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
