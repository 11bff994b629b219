using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>Recognises a Super Backup call log: the document element is <c>&lt;alllogs&gt;</c>.</summary>
public sealed class SuperBackupCallsSniffer : IFormatSniffer
{
    public string Format => SmsBackupFormats.SuperBackupCalls;

    public bool Matches(ReadOnlySpan<byte> head) => SbrRootSniffing.RootIs(head, SmsBackupFormats.SuperBackupRoot);
}
