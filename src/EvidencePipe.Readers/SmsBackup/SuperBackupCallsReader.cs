using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Reads a Super Backup call log (<c>&lt;alllogs&gt;</c>) with the SMS Backup &amp; Restore call
/// mapping: each <c>&lt;log&gt;</c> becomes a call event. Locators are <c>log[i] line L</c>.
/// </summary>
public sealed class SuperBackupCallsReader : IEvidenceReader
{
    public string Format => SmsBackupFormats.SuperBackupCalls;

    public IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken) =>
        SbrWalk.CallsAsync(source, context, CallLogLayout.SuperBackup, cancellationToken);
}
