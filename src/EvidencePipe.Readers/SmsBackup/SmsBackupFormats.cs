namespace EvidencePipe.Readers.SmsBackup;

/// <summary>
/// Names used by SyncTech "SMS Backup &amp; Restore" (SBR) exports: one XML file of messages
/// (<c>&lt;smses&gt;</c> holding <c>&lt;sms&gt;</c> and <c>&lt;mms&gt;</c>) and one of the call log
/// (<c>&lt;calls&gt;</c> holding <c>&lt;call&gt;</c>). Field meanings follow SyncTech's published
/// "Fields in XML Backup Files" page and the Android provider columns SBR copies verbatim
/// (android.provider.Telephony.Sms/Mms, android.provider.CallLog.Calls).
/// </summary>
public static class SmsBackupFormats
{
    public const string Messages = "sms-backup-xml";
    public const string Calls = "sms-backup-calls-xml";

    internal const string MessagesRoot = "smses";
    internal const string CallsRoot = "calls";
    internal const string Sms = "sms";
    internal const string Mms = "mms";
    internal const string Call = "call";
}
