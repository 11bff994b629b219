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

    public IAsyncEnumerable<EvidenceRecord> ReadAsync(EvidenceSource source, ReadContext context, CancellationToken cancellationToken) =>
        SbrWalk.ReadAsync(source, context, SmsBackupFormats.MessagesRoot, identifiers => [new SmsRecordParser(identifiers), new MmsRecordParser(identifiers)], cancellationToken);
}
