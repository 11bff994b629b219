using EvidencePipe.Reading;

namespace EvidencePipe.Readers.SmsBackup;

/// <summary>Recognises an SBR call-log backup: the document element is <c>&lt;calls&gt;</c>.</summary>
public sealed class SmsBackupCallsSniffer : IFormatSniffer
{
    public string Format => SmsBackupFormats.Calls;

    public bool Matches(ReadOnlySpan<byte> head) => SbrRootSniffing.RootIs(head, SmsBackupFormats.CallsRoot);
}
