using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Reads an SBR call-log backup (<c>&lt;calls&gt;</c>): each <c>&lt;call&gt;</c> becomes a call
/// event (voicemail entries on the voicemail channel). Locators are <c>call[i] line L</c>.
/// </summary>
public sealed class SmsBackupCallsReader : IEvidenceReader
{
    public string Format => SmsBackupFormats.Calls;

    public IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken) =>
        SbrWalk.CallsAsync(source, context, CallLogLayout.SmsBackupRestore, cancellationToken);
}
