using System.Runtime.CompilerServices;
using EvidencePipe.Model;
using EvidencePipe.Reading;

namespace EvidencePipe.Readers.OutlookMsg;

/// <summary>
/// Reads an Outlook .msg ([MS-OXMSG] over [MS-CFB]): the message is one email event (locator
/// <c>message</c>); each attached message (an attachment whose data is an embedded message storage)
/// is read as its own event (<c>attachment[N]/message</c>, nested ones <c>…/attachment[M]/message</c>)
/// sharing the parent's thread. Damage to the container gives one skipped diagnostic with the byte
/// offset; damage to one property or attachment a recovered one, the rest being kept.
/// </summary>
public sealed class OutlookMsgReader : IEvidenceReader
{
    public const string FormatName = "outlook-msg";

    public string Format => FormatName;

    public async IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<CommunicationEvent> events;
        try
        {
            using var local = source.OpenLocalFile();
            await using var stream = EvidenceSource.OpenEvidence(local.Path);
            var file = CompoundFile.Open(stream, cancellationToken);
            foreach (var damage in file.Damage)
            {
                context.RecoveredRecord("file", $"{source.FileName}: {damage}");
            }

            events = MsgMessageMapper.ReadAll(file, context, cancellationToken);
        }
        catch (CompoundFileException ex)
        {
            context.SkippedRecord(ex.Offset >= 0 ? $"byte {ex.Offset}" : "file", $"{source.FileName}: damaged compound file ({ex.Message}); nothing was read");
            yield break;
        }
        catch (IOException ex)
        {
            context.SkippedRecord("file", $"{source.FileName}: could not be read ({ex.Message})");
            yield break;
        }

        foreach (var e in events)
        {
            yield return new EventRecord(e);
        }
    }
}
