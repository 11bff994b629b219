using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>Recognises an SBR message backup: the document element is <c>&lt;smses&gt;</c>.</summary>
public sealed class SmsBackupSniffer : IFormatSniffer
{
    public string Format => SmsBackupFormats.Messages;

    public bool Matches(ReadOnlySpan<byte> head) => SbrRootSniffing.RootIs(head, SmsBackupFormats.MessagesRoot);
}
