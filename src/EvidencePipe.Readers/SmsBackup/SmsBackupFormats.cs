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

    /// <summary>
    /// "Super Backup &amp; Restore" (MobileIdea) call logs: <c>&lt;alllogs count="N"&gt;</c> holding
    /// <c>&lt;log number time date type name new dur/&gt;</c>, the same Android CallLog.Calls values
    /// under shorter names (<c>dur</c> for duration, <c>name</c> for the cached contact name).
    /// </summary>
    public const string SuperBackupCalls = "superbackup-calls-xml";

    internal const string MessagesRoot = "smses";
    internal const string CallsRoot = "calls";
    internal const string Sms = "sms";
    internal const string Mms = "mms";
    internal const string Call = "call";
    internal const string SuperBackupRoot = "alllogs";
    internal const string SuperBackupLog = "log";
}
